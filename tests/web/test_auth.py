"""Signing in and out, and the per-agent UI language (English / 简体中文)."""

from django.conf import settings
from django.test import Client

from sellerdesk.accounts.models import AgentProfile
from tests.web.conftest import PASSWORD, make_agent


def test_anonymous_inbox_redirects_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_login_page_in_english(db):
    response = Client().get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<button type="submit" class="primary">Log in</button>' in html
    assert '<label for="id_username">Username</label>' in html


def test_wrong_password_is_refused_with_a_message(agent):
    response = Client().post("/login/", {"username": "anna", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


def test_login_takes_the_language_from_the_profile(db):
    make_agent("liwei", ui_language="zh-hans")
    client = Client()
    response = client.post("/login/", {"username": "liwei", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/supervisor/my-work/"
    assert client.session["ui_language"] == "zh-hans"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert ">收件箱</a>" in html
    assert "<span>待处理</span>" in html


def test_an_agent_starts_on_my_work_a_supervisor_on_the_inbox_and_next_wins(db):
    make_agent("anna")
    make_agent("boss", role="supervisor")
    landing = {}
    for username, data in (("anna", {}), ("boss", {}), ("anna", {"next": "/problems/"})):
        client = Client()
        response = client.post("/login/", {"username": username, "password": PASSWORD, **data})
        landing[(username, data.get("next", ""))] = response["Location"]
    assert landing == {("anna", ""): "/supervisor/my-work/", ("boss", ""): "/", ("anna", "/problems/"): "/problems/"}


def test_switching_language_saves_profile_session_and_cookie(web, agent):
    response = web.post("/language/", {"language": "zh-hans", "next": "/problems/"})
    assert response.status_code == 302
    assert response["Location"] == "/problems/"
    assert AgentProfile.objects.get(user=agent).ui_language == "zh-hans"
    assert web.session["ui_language"] == "zh-hans"
    assert "<h1>问题</h1>" in web.get("/problems/").content.decode()

    web.post("/language/", {"language": "en", "next": "/"})
    assert AgentProfile.objects.get(user=agent).ui_language == "en"
    assert "<h1>Problems</h1>" in web.get("/problems/").content.decode()


def test_language_choice_survives_a_new_login(agent):
    first = Client()
    first.force_login(agent)
    first.post("/language/", {"language": "zh-hans"})
    second = Client()  # another browser: no cookie, no session
    second.post("/login/", {"username": "anna", "password": PASSWORD})
    assert second.session["ui_language"] == "zh-hans"


def test_unknown_language_is_a_400(web, agent):
    response = web.post("/language/", {"language": "fr"})
    assert response.status_code == 400
    assert response.content.decode() == "Unknown language; choose one of en, zh-hans."
    assert AgentProfile.objects.get(user=agent).ui_language == "en"


def test_language_switch_never_redirects_off_site(web):
    response = web.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_login_page_switches_language_before_signing_in(db):
    client = Client()
    response = client.post("/language/", {"language": "zh-hans", "next": "/login/"})
    assert response["Location"] == "/login/"
    assert '<button type="submit" class="primary">登录</button>' in client.get("/login/").content.decode()


def test_logout_is_a_post_and_ends_the_session(web):
    assert web.get("/logout/").status_code == 405
    response = web.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert web.get("/").status_code == 302


def test_a_user_without_agent_profile_can_still_work(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("root", password=PASSWORD, is_superuser=True)
    client = Client()
    assert client.post("/login/", {"username": "root", "password": PASSWORD}).status_code == 302
    html = client.get("/").content.decode()
    assert '<span class="who">root</span>' in html
    assert '<a href="/channels/">Channels</a>' in html  # a superuser is an admin
    assert client.post("/language/", {"language": "zh-hans"}).status_code == 302
    assert client.session["ui_language"] == "zh-hans"
