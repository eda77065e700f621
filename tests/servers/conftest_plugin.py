"""Fixtures for real mail servers on 127.0.0.1.

Enable them in a test folder's conftest.py with
    from tests.servers.conftest_plugin import imap_server, smtp_server  # noqa: F401
(a `pytest_plugins` line works only in the top-level conftest).
"""

from __future__ import annotations

import os

import pytest

from tests.servers.mailservers import DOVECOT, DovecotServer, SmtpServer


@pytest.fixture(scope="session")
def imap_server():
    """One dovecot per test session; each test takes its own user with `imap_server.add_user()`."""
    if not os.path.exists(DOVECOT):
        pytest.skip("dovecot not installed (apt-get install dovecot-imapd)")
    server = DovecotServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_server():
    """A fresh aiosmtpd per test; `smtp_server.received` holds what it got."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()
