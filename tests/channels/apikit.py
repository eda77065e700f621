"""Fixture for API client tests: `api(routes)` starts a fake platform server in its own process
(tests/servers/fakehttp.py) and stops it after the test. Import it into a conftest."""

from __future__ import annotations

import pytest

from tests.servers.fakehttp import FakeHttpServer


@pytest.fixture
def api():
    servers = []

    def start(routes):
        server = FakeHttpServer(routes).start()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()
