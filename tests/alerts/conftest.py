import pytest

from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy
from tests.channels.apikit import api  # noqa: F401  (api(routes): a fake HTTP server on 127.0.0.1)
from tests.servers.conftest_plugin import smtp_server  # noqa: F401
from tests.web.conftest import (  # noqa: F401
    T0, admin_agent, admin_web, agent, amazon_account, customer, email_account, fast_password_hashing, make_conv, now, translations, web,
)


@pytest.fixture(autouse=True)
def sla_presets(db):
    presets.apply(Calendar, Policy)
