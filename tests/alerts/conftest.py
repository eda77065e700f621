import pytest

from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy
from tests.servers.conftest_plugin import smtp_server  # noqa: F401
from tests.web.conftest import (  # noqa: F401
    T0, admin_agent, admin_web, agent, amazon_account, customer, email_account, fast_password_hashing, make_conv, now, translations, web,
)


@pytest.fixture(autouse=True)
def sla_presets(db):
    presets.apply(Calendar, Policy)


@pytest.fixture
def fake_http():
    """fake_http(routes) -> a started FakeHttpServer, stopped after the test."""
    from tests.servers.fakehttp import FakeHttpServer

    servers = []

    def start(routes):
        server = FakeHttpServer(routes).start()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()
