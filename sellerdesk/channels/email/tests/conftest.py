"""Email transport tests run against real servers on 127.0.0.1 (tests/servers)."""

import pytest

from sellerdesk.channels.models import ChannelAccount
from tests.servers.mailservers import DovecotServer
from tests.servers.conftest_plugin import imap_server, smtp_server  # noqa: F401  (fixtures)

IMAP_PASSWORD = DovecotServer.password


def make_account(imap_config=None, smtp_config=None, *, imap_password=IMAP_PASSWORD, smtp_password="smtp-secret", name="Shop support"):
    config = {}
    if imap_config:
        config["imap"] = imap_config
    if smtp_config:
        config["smtp"] = smtp_config
    account = ChannelAccount(kind="email", name=name, address="support@shop.example", config=config)
    account.credentials = {"imap_password": imap_password, "smtp_password": smtp_password}
    account.save()
    return account


@pytest.fixture
def imap_user(imap_server):
    return imap_server.add_user()


@pytest.fixture
def mail_account(db, imap_server, imap_user, smtp_server):
    """An email account whose IMAP mailbox and SMTP server are the test servers."""
    return make_account(imap_server.imap_config(imap_user), smtp_server.smtp_config(), smtp_password=smtp_server.password)
