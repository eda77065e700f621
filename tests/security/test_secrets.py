"""Finding 4 and item 4: stored secrets go only where they were meant to, never readable, never logged."""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap

import pytest
from aiosmtpd.smtp import AuthResult
from cryptography.fernet import Fernet, InvalidToken

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Event
from tests.servers.desk import env_for, running, sellerdesk, shell
from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)
from tests.servers.fakehttp import FakeHttpServer
from tests.servers.mailservers import SmtpServer

EMAIL_FORM = {
    "name": "Shop support", "address": "support@shop.example", "marketplace": "", "is_active": "on",
    "imap_host": "", "imap_port": "", "imap_security": "ssl", "imap_username": "", "imap_password": "", "imap_mailboxes": "INBOX",
    "smtp_host": "127.0.0.1", "smtp_port": "", "smtp_security": "none", "smtp_username": "support@shop.example",
    "smtp_password": "", "smtp_from_address": "",
}


class Eavesdropper(SmtpServer):
    """The attacker's SMTP server: notes every password a client logs in with."""

    def __init__(self):
        super().__init__()
        self.passwords: list[str] = []

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.passwords.append(auth_data.password.decode())
        return AuthResult(success=True, handled=False)


@pytest.fixture
def eavesdropper():
    server = Eavesdropper().start()
    try:
        yield server
    finally:
        server.stop()


def test_a_changed_smtp_server_never_gets_the_stored_password(admin_web, admin_agent, smtp_server, eavesdropper):
    form = {**EMAIL_FORM, "smtp_port": str(smtp_server.port), "smtp_password": smtp_server.password}
    assert admin_web.post("/channels/email/new/", form).status_code == 302
    account = ChannelAccount.objects.get()
    ok = admin_web.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert "SMTP ok" in ok

    # Someone with the admin page points the account at their own server and leaves the password blank.
    moved = {**EMAIL_FORM, "smtp_port": str(eavesdropper.port)}
    assert admin_web.post(f"/channels/email/{account.pk}/", moved).status_code == 302
    html = admin_web.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert eavesdropper.passwords == []
    assert "SMTP password is not set (it is forgotten when the server or user changes): enter it again" in html
    account.refresh_from_db()
    assert "smtp_password" not in account.credentials
    assert Event.objects.filter(kind="channel_account_updated").get().data["secrets_forgotten"] == ["smtp_password"]


def test_a_changed_login_name_forgets_the_password_a_new_one_is_kept(admin_web, db):
    form = {**EMAIL_FORM, "smtp_host": "smtp.shop.example", "smtp_security": "starttls", "smtp_password": "smtp-secret"}
    admin_web.post("/channels/email/new/", form)
    account = ChannelAccount.objects.get()
    admin_web.post(f"/channels/email/{account.pk}/", {**form, "smtp_password": "", "smtp_username": "other@shop.example"})
    account.refresh_from_db()
    assert account.credentials == {}
    admin_web.post(f"/channels/email/{account.pk}/", {**form, "smtp_host": "mail.shop.example", "smtp_password": "typed-again"})
    account.refresh_from_db()
    assert account.credentials == {"smtp_password": "typed-again"}


def test_a_changed_shop_domain_forgets_the_admin_token(admin_web, db):
    form = {"name": "Acme", "address": "acme.myshopify.com", "marketplace": "US", "is_active": "on",
            "webhook_secret": "whsec", "admin_access_token": "shpat_secret"}
    admin_web.post("/channels/shopify/new/", form)
    account = ChannelAccount.objects.get()
    admin_web.post(f"/channels/shopify/{account.pk}/", {**form, "address": "evil.myshopify.com", "webhook_secret": "",
                                                        "admin_access_token": ""})
    account.refresh_from_db()
    assert account.credentials == {"webhook_secret": "whsec"}


def test_a_login_without_encryption_to_another_machine_is_refused(admin_web, db):
    form = {**EMAIL_FORM, "smtp_host": "mail.shop.example", "smtp_port": "25", "smtp_password": "smtp-secret"}
    response = admin_web.post("/channels/email/new/", form)
    assert response.status_code == 422
    assert ("Without encryption the password would cross the network readable: choose SSL/TLS or STARTTLS "
            "(no encryption only for a server on this machine).") in response.content.decode()
    assert ChannelAccount.objects.count() == 0


def test_an_older_plain_text_setting_is_refused_before_connecting(admin_web, db):
    account = ChannelAccount(kind="email", name="Old", address="support@shop.example",
                             config={"smtp": {"host": "192.0.2.25", "port": 25, "security": "none", "username": "support"}})
    account.credentials = {"smtp_password": "smtp-secret"}
    account.save()
    html = admin_web.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert ("SMTP login to 192.0.2.25 without encryption is refused: choose SSL/TLS or STARTTLS "
            "(no encryption only for a server on this machine)") in html


def test_secrets_are_not_in_pages(admin_web, db):
    admin_web.post("/channels/email/new/", {**EMAIL_FORM, "smtp_password": "pw-Zq81"})
    admin_web.post("/channels/tiktok/new/", {"name": "TT", "address": "7494", "marketplace": "TH", "is_active": "on",
                                             "app_key": "k", "app_secret": "sec-Zq82", "refresh_token": "rt-Zq83"})
    email, tiktok = ChannelAccount.objects.order_by("pk")
    for path in ["/channels/", f"/channels/email/{email.pk}/", f"/channels/tiktok/{tiktok.pk}/"]:
        html = admin_web.get(path).content.decode()
        assert not any(secret in html for secret in ("pw-Zq81", "sec-Zq82", "rt-Zq83")), path


TOKEN_REFRESH = textwrap.dedent("""
    import django, sys
    django.setup()
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.channels.tiktok.client import TikTokClient
    account = ChannelAccount(kind="tiktok", name="TT", address="7494", config={
        "app_key": "app-key-1", "shop_cipher": "cipher", "auth_base": sys.argv[1], "api_base": sys.argv[1]})
    account.credentials = {"app_secret": "APPSECRET-9f2c", "refresh_token": "REFRESH-77ab"}
    account.save()
    TikTokClient(account).send_text("conv-1", "hello")
""")


def test_secrets_are_not_in_the_logs_even_at_debug_level(tmp_path):
    server = FakeHttpServer({
        "GET /api/v2/token/refresh": [{"json": {"code": 0, "data": {"access_token": "ACCESS-5e1d", "access_token_expire_in": 4102444800,
                                                                     "refresh_token": "REFRESH-77ab"}}}],
        "POST /customer_service/202309/conversations/conv-1/messages": [{"json": {"code": 0, "data": {"message_id": "m1"}}}],
    }).start()
    try:
        env = env_for(tmp_path, SELLERDESK_LOG_LEVEL="DEBUG")
        assert sellerdesk("migrate", env=env).returncode == 0
        done = sellerdesk("shell", "--no-imports", "-c", f"import sys; sys.argv = ['x', {server.url!r}]\n" + TOKEN_REFRESH, env=env)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    assert [r["path"] for r in server.requests()][0] == "/api/v2/token/refresh"  # the secret did go to the platform
    log = done.stdout + done.stderr
    for secret in ("APPSECRET-9f2c", "REFRESH-77ab", "ACCESS-5e1d"):
        assert secret not in log


def test_rotate_keys_re_encrypts_every_secret(tmp_path):
    env = env_for(tmp_path)
    assert sellerdesk("migrate", env=env).returncode == 0
    store = ("from sellerdesk.channels.models import ChannelAccount\n"
             "a = ChannelAccount(kind='email', name='S', address='s@shop.example'); a.credentials = {'smtp_password': 'pw-1'}; a.save()")
    shell(store, env=env)
    old_key = (tmp_path / "encryption_key").read_text().strip()

    done = sellerdesk("rotate-keys", env=env)
    assert done.returncode == 0, done.stderr
    assert f"New encryption key in {tmp_path / 'encryption_key'}; 1 account(s) re-encrypted." in done.stdout
    new_key = (tmp_path / "encryption_key").read_text().strip()
    assert new_key != old_key and "\n" not in new_key
    read = "from sellerdesk.channels.models import ChannelAccount; import json; a = ChannelAccount.objects.get(); print(json.dumps(a.credentials)); print(a.credentials_encrypted)"
    credentials, token = shell(read, env=env).strip().splitlines()
    assert json.loads(credentials) == {"smtp_password": "pw-1"}
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(token.encode())


def test_keys_given_in_the_environment_rotate_too(tmp_path):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert sellerdesk("migrate", env=env_for(tmp_path, SELLERDESK_ENCRYPTION_KEY=old)).returncode == 0
    store = ("from sellerdesk.channels.models import ChannelAccount\n"
             "a = ChannelAccount(kind='email', name='S', address='s@shop.example'); a.credentials = {'smtp_password': 'pw-2'}; a.save()")
    shell(store, env=env_for(tmp_path, SELLERDESK_ENCRYPTION_KEY=old))
    done = sellerdesk("rotate-keys", env=env_for(tmp_path, SELLERDESK_ENCRYPTION_KEY=f"{new},{old}"))
    assert "1 account(s) re-encrypted under the first key of SELLERDESK_ENCRYPTION_KEY" in done.stdout
    read = "from sellerdesk.channels.models import ChannelAccount; print(ChannelAccount.objects.get().credentials['smtp_password'])"
    assert shell(read, env=env_for(tmp_path, SELLERDESK_ENCRYPTION_KEY=new)).strip() == "pw-2"


def test_credentials_of_an_older_release_move_to_the_new_key_at_start(tmp_path):
    """Older releases encrypted with a key derived from the published development secret: an
    upgrade must not lose them, and the first start takes them off that key."""
    env = env_for(tmp_path)
    assert sellerdesk("migrate", env=env).returncode == 0
    legacy = base64.urlsafe_b64encode(hashlib.sha256(b"sellerdesk-credentials:sellerdesk-insecure-development-key-change-me").digest())
    token = Fernet(legacy).encrypt(json.dumps({"smtp_password": "pw-3"}).encode()).decode()
    shell("from sellerdesk.channels.models import ChannelAccount\n"
          f"ChannelAccount.objects.create(kind='email', name='S', address='s@shop.example', credentials_encrypted={token!r})", env=env)
    with running(env=env) as (_, lines):
        assert "Channel credentials of 1 account(s) re-encrypted with the current key.\n" in lines
    read = "from sellerdesk.channels.models import ChannelAccount; a = ChannelAccount.objects.get(); print(a.credentials['smtp_password']); print(a.credentials_encrypted)"
    password, stored = shell(read, env=env).strip().splitlines()
    assert password == "pw-3"
    with pytest.raises(InvalidToken):
        Fernet(legacy).decrypt(stored.encode())
