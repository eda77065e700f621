import socket

import pytest

from tests.channels.apikit import api  # noqa: F401
from tests.channels.test_setup_pages import login


@pytest.fixture
def admin(db):
    return login("boss", "admin")


@pytest.fixture
def dead_url():
    """A local address nothing listens on: the port is taken from the OS and released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
