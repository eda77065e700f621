"""Finding 2: an attacker guessing passwords, stealing one, or holding an old session."""

from __future__ import annotations

import re

from axes.models import AccessFailureLog
from django.core import mail
from django.test import Client

from sellerdesk.audit.models import AuditEntry
from tests.security.conftest import PASSWORD, current_code, enable_two_factor, login, make_agent, signed_in


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(agent):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        client.post("/login/", {"username": "anna", "password": "guess-guess"})
    response = client.post("/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)
    assert ("Too many failed logins for this account or from this address. "
            "Try again in 15 minutes, or reset your password.") in response.content.decode()


def test_a_locked_username_stays_locked_from_another_address(agent):
    for _ in range(5):
        login("anna", "guess-guess", ip="203.0.113.9")
    client, response = login("anna", ip="192.0.2.44")
    assert response.status_code == 429
    assert not signed_in(client)


def test_one_address_trying_many_usernames_is_locked_out(agent):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        login(name, "guess-guess", ip="203.0.113.9")
    client, response = login("anna", ip="203.0.113.9")  # right password, but from the guessing address
    assert response.status_code == 429
    assert not signed_in(client)
    other, ok = login("anna", ip="192.0.2.44")
    assert ok.status_code == 302 and signed_in(other)


def test_lockout_message_in_chinese(agent):
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="zh-hans")
    for _ in range(6):
        response = client.post("/login/", {"username": "anna", "password": "guess-guess"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_failed_logins_are_recorded_with_the_address(agent):
    login("anna", "guess-guess", ip="203.0.113.9")
    entry = AuditEntry.objects.get(action="login_failed")
    assert (entry.actor_name, entry.ip, entry.user_agent, entry.via) == ("anna", "203.0.113.9", "pytest-browser", "web")
    assert list(AccessFailureLog.objects.values_list("username", "ip_address")) == [("anna", "203.0.113.9")]


def test_a_forged_forwarded_for_header_is_not_believed(agent, settings):
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
    client.post("/login/", {"username": "anna", "password": "guess-guess"})
    assert AuditEntry.objects.get(action="login_failed").ip == "203.0.113.9"


def test_behind_one_trusted_proxy_the_client_address_is_the_last_hop(agent, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    client.post("/login/", {"username": "anna", "password": "guess-guess"})
    assert AuditEntry.objects.get(action="login_failed").ip == "203.0.113.9"


def test_stolen_password_is_not_enough_with_two_factor(agent):
    owner, _ = login("anna")
    secret, codes = enable_two_factor(owner)
    assert len(codes) == 10

    thief, response = login("anna", ip="203.0.113.9")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/verify/?next=")
    assert thief.get("/").status_code == 302
    assert thief.get("/").headers["Location"].startswith("/login/verify/")
    assert thief.get("/customers/1/").headers["Location"].startswith("/login/verify/")
    assert thief.get("/api/v1/me").status_code == 401  # the API does not take a half-signed-in session
    wrong = thief.post("/login/verify/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not valid." in wrong.content.decode()
    assert AuditEntry.objects.filter(action="two_factor_failed", ip="203.0.113.9").count() == 1


def test_the_right_code_signs_in_and_a_recovery_code_works_once(agent):
    owner, _ = login("anna")
    secret, codes = enable_two_factor(owner)

    phone_user, _ = login("anna")
    ok = phone_user.post("/login/verify/", {"code": current_code(secret, steps_ahead=1), "next": "/problems/"})
    assert (ok.status_code, ok["Location"]) == (302, "/problems/")
    assert phone_user.get("/").status_code == 200
    replayed, _ = login("anna", ip="203.0.113.9")  # a code seen over a shoulder is spent already
    assert replayed.post("/login/verify/", {"code": current_code(secret, steps_ahead=1)}).status_code == 400

    lost_phone, _ = login("anna")
    assert lost_phone.post("/login/verify/", {"code": codes[0]}).status_code == 302
    assert lost_phone.get("/").status_code == 200
    again, _ = login("anna")
    assert again.post("/login/verify/", {"code": codes[0]}).status_code == 400


def test_an_admin_can_require_two_factor_for_everyone(agent, admin):
    boss, _ = login("root")
    boss.post("/settings/security/save/", {"require_two_factor": "on"})
    client, response = login("anna")
    assert response["Location"].startswith("/account/two-factor/setup/")
    assert client.get("/").headers["Location"].startswith("/account/two-factor/setup/")
    enable_two_factor(client)
    assert client.get("/").status_code == 200
    assert list(AuditEntry.objects.filter(action="two_factor_policy_changed").values_list("actor_name", "data")) == [
        ("root", {"mode": "required"})
    ]
    # Required: it cannot be switched off again by the user.
    client.post("/account/two-factor/disable/", {"password": PASSWORD})
    from sellerdesk.accounts import twofactor

    assert twofactor.is_enabled(agent)


def test_password_change_needs_the_old_one_and_refuses_weak_ones(agent):
    client, _ = login("anna")
    other, _ = login("anna", ip="192.0.2.44")
    bad = client.post("/account/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    assert bad.status_code == 200
    assert "Your old password was entered incorrectly." in bad.content.decode()
    weak = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "password123",
                                               "new_password2": "password123"})
    assert "This password is too common." in weak.content.decode()
    numeric = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "84736251904",
                                                  "new_password2": "84736251904"})
    assert "This password is entirely numeric." in numeric.content.decode()
    good = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "Tall-Maple-Orbit-42",
                                               "new_password2": "Tall-Maple-Orbit-42"})
    assert (good.status_code, good["Location"]) == (302, "/account/security/")
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302  # the other session is signed out
    assert AuditEntry.objects.filter(action="password_changed", actor_name="anna").count() == 1


def test_password_reset_link_uses_the_configured_address_not_the_host_header(agent, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.BASE_URL = "https://desk.shop.example"
    agent.email = "anna@shop.example"
    agent.save()
    client = Client(HTTP_HOST="evil.example")
    response = client.post("/password-reset/", {"email": "anna@shop.example"})
    assert (response.status_code, response["Location"]) == (302, "/password-reset/sent/")
    assert len(mail.outbox) == 1
    link = re.search(r"(https?://\S+/password-reset/\S+/)", mail.outbox[0].body).group(1)
    assert link.startswith("https://desk.shop.example/password-reset/")
    path = link.removeprefix("https://desk.shop.example")
    form = client.get(path, follow=True)
    set_path = form.redirect_chain[-1][0]
    done = client.post(set_path, {"new_password1": "Tall-Maple-Orbit-42", "new_password2": "Tall-Maple-Orbit-42"})
    assert (done.status_code, done["Location"]) == (302, "/password-reset/done/")
    assert signed_in(login("anna", "Tall-Maple-Orbit-42")[0])
    used = Client().get(path, follow=True)
    assert "This link is not valid any more" in used.content.decode()


def test_unknown_reset_address_says_the_same_and_sends_nothing(agent):
    response = Client().post("/password-reset/", {"email": "nobody@else.example"})
    assert (response.status_code, response["Location"]) == (302, "/password-reset/sent/")
    assert mail.outbox == []


def test_sessions_are_listed_and_a_stolen_one_can_be_revoked(agent):
    mine, _ = login("anna", ip="198.51.100.7")
    stolen, _ = login("anna", ip="203.0.113.9")
    page = mine.get("/account/security/").content.decode()
    rows = re.findall(r'<tr id="session-(\d+)">', page)
    assert len(rows) == 2
    assert "203.0.113.9" in page and "198.51.100.7" in page
    thief_row = re.search(r'<tr id="session-(\d+)">\s*<td>[^<]*</td>\s*<td class="mono">203\.0\.113\.9', page).group(1)
    mine.post(f"/account/sessions/{thief_row}/revoke/")
    assert stolen.get("/").status_code == 302
    assert mine.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="session_revoked", actor_name="anna").count() == 1


def test_security_pages_in_chinese(agent):
    make_agent("liwei", ui_language="zh-hans")
    client, _ = login("liwei")
    page = client.get("/account/security/").content.decode()
    assert "<h1>安全</h1>" in page
    assert "两步验证" in page
    setup = client.get("/account/two-factor/setup/").content.decode()
    assert "<h1>设置两步验证</h1>" in setup
