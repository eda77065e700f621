"""Channels page (admins): email account settings, "Test connection" and "Poll now" against real servers."""

import pytest

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Event
from tests.servers.conftest_plugin import imap_server, smtp_server  # noqa: F401  (fixtures)
from tests.servers.mailservers import DovecotServer

FORM = {
    "name": "Shop support", "address": "support@shop.example", "marketplace": "", "is_active": "on",
    "imap_host": "imap.shop.example", "imap_port": "993", "imap_security": "ssl", "imap_username": "support@shop.example",
    "imap_password": "imap-secret", "imap_mailboxes": "INBOX\nAmazon",
    "smtp_host": "smtp.shop.example", "smtp_port": "587", "smtp_security": "starttls", "smtp_username": "support@shop.example",
    "smtp_password": "smtp-secret", "smtp_from_address": "",
}


def test_agents_who_are_not_admins_get_403(web, email_account):
    assert web.get("/channels/").status_code == 403
    assert web.get("/channels/email/new/").status_code == 403
    assert web.post(f"/channels/{email_account.pk}/poll/").status_code == 403
    assert '<a href="/channels/"' not in web.get("/").content.decode()


def test_list_shows_accounts_and_their_last_error(admin_web, email_account):
    email_account.last_error = "IMAP login failed for support: Authentication failed"
    email_account.save()
    html = admin_web.get("/channels/").content.decode()
    assert "<td><b>Support</b></td>" in html
    assert '<td class="error-text">IMAP login failed for support: Authentication failed</td>' in html
    assert "<td>never</td>" in html


def test_add_email_account(admin_web, admin_agent, db):
    response = admin_web.post("/channels/email/new/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/channels/"
    account = ChannelAccount.objects.get()
    assert (account.kind, account.name, account.address, account.is_active) == ("email", "Shop support", "support@shop.example", True)
    assert account.config == {
        "imap": {"host": "imap.shop.example", "port": 993, "security": "ssl", "username": "support@shop.example", "mailboxes": ["INBOX", "Amazon"]},
        "smtp": {"host": "smtp.shop.example", "port": 587, "security": "starttls", "username": "support@shop.example", "from_address": "support@shop.example"},
    }
    assert account.credentials == {"imap_password": "imap-secret", "smtp_password": "smtp-secret"}
    assert "imap-secret" not in account.credentials_encrypted
    event = Event.objects.get()
    assert (event.kind, event.actor, event.data) == (
        "channel_account_created", admin_agent, {"account_id": account.pk, "address": "support@shop.example", "passwords_changed": ["imap_password", "smtp_password"]},
    )


def test_edit_keeps_stored_passwords_and_other_settings(admin_web, db):
    # The same servers and users as FORM: only then are stored passwords kept (a new server forgets them).
    account = ChannelAccount(kind="email", name="Demo", address="support@shop.example", config={
        "demo": True,
        "imap": {"host": "imap.shop.example", "port": 993, "security": "ssl", "username": "support@shop.example", "mailboxes": ["INBOX"]},
        "smtp": {"host": "smtp.shop.example", "port": 587, "security": "starttls", "username": "support@shop.example"},
    })
    account.credentials = {"imap_password": "old-imap", "smtp_password": "old-smtp"}
    account.save()
    page = admin_web.get(f"/channels/email/{account.pk}/").content.decode()
    assert page.count("A password is stored; leave empty to keep it.") == 2
    assert "old-imap" not in page
    response = admin_web.post(f"/channels/email/{account.pk}/", {**FORM, "imap_password": "", "smtp_password": "new-smtp", "marketplace": "us"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.credentials == {"imap_password": "old-imap", "smtp_password": "new-smtp"}
    assert account.config["demo"] is True
    assert account.marketplace == "US"
    assert Event.objects.get().data["passwords_changed"] == ["smtp_password"]


def test_invalid_settings_are_shown_with_422(admin_web, db):
    response = admin_web.post("/channels/email/new/", {**FORM, "address": "not-an-address", "imap_mailboxes": " ", "imap_port": "70000"})
    assert response.status_code == 422
    html = response.content.decode()
    assert '<span class="error">Enter a valid email address.</span>' in html
    assert '<span class="error">Name at least one mailbox, e.g. INBOX.</span>' in html
    assert '<span class="error">Ensure this value is less than or equal to 65535.</span>' in html
    assert ChannelAccount.objects.count() == 0


@pytest.fixture
def live_account(admin_web, imap_server, smtp_server):
    """An account made through the form, pointing at the real dovecot and aiosmtpd on 127.0.0.1."""
    user = imap_server.add_user()
    form = {
        **FORM, "imap_host": "127.0.0.1", "imap_port": str(imap_server.port), "imap_security": "none", "imap_username": user,
        "imap_password": DovecotServer.password, "imap_mailboxes": "INBOX",
        "smtp_host": "127.0.0.1", "smtp_port": str(smtp_server.port), "smtp_security": "none",
        "smtp_username": smtp_server.username, "smtp_password": smtp_server.password,
    }
    assert admin_web.post("/channels/email/new/", form).status_code == 302
    return ChannelAccount.objects.get(), user


def test_test_connection_against_real_servers(admin_web, live_account):
    account, _user = live_account
    response = admin_web.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == '<p class="ok-text" role="status">✓ IMAP ok (1 mailbox), SMTP ok</p>'


def test_test_connection_reports_a_wrong_password(admin_web, live_account):
    account, user = live_account
    account.credentials = {**account.credentials, "imap_password": "wrong"}
    account.save()
    html = admin_web.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert html.strip().startswith(f'<p class="error-text" role="status">✗ IMAP login failed for {user}: ')


def test_poll_now_fetches_new_mail(admin_web, admin_agent, live_account, imap_server):
    account, user = live_account
    imap_server.append(user, b"From: Jane <jane@buyer.example>\r\nSubject: Lid broken\r\nMessage-ID: <p1@buyer.example>\r\n\r\nHello\r\n")
    response = admin_web.post(f"/channels/{account.pk}/poll/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == '<p class="ok-text" role="status">✓ 1 new message fetched.</p>'
    account.refresh_from_db()
    assert account.last_error == ""
    assert account.last_polled_at is not None
    assert RawDelivery.objects.get().external_id == "<p1@buyer.example>"
    assert Event.objects.filter(kind="channel_polled").get().data == {"account_id": account.pk, "new": 1, "error": ""}


def test_poll_now_without_imap_settings_says_so(admin_web, email_account):
    response = admin_web.post(f"/channels/{email_account.pk}/poll/", HTTP_HX_REQUEST="true")
    assert response.content.decode().strip() == '<p class="error-text" role="status">✗ IMAP is not configured: the server host is missing.</p>'
    email_account.refresh_from_db()
    assert email_account.last_error == "IMAP is not configured: the server host is missing."


def test_shop_name_and_signature_per_account(admin_web, web, email_account):
    from sellerdesk.conversations.models import Event

    url = f"/channels/{email_account.pk}/shop/"
    assert web.get(url).status_code == 403
    html = admin_web.get(url).content.decode()
    assert 'name="shop_name"' in html and 'name="signature"' in html
    assert f'href="{url}"' in admin_web.get("/channels/").content.decode()
    response = admin_web.post(url, {"shop_name": "Brightdesk", "signature": "Brightdesk customer care"})
    assert (response.status_code, response["Location"]) == (302, "/channels/")
    email_account.refresh_from_db()
    assert email_account.config["shop"] == {"name": "Brightdesk", "signature": "Brightdesk customer care"}
    assert Event.objects.filter(kind="channel_account_shop_set").count() == 1
    assert 'value="Brightdesk"' in admin_web.get(url).content.decode()
