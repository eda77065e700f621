"""A visitor's message reaches the agent's open inbox through its live feed (GET /live/), against a
real `sellerdesk run`: the worker woken by the stored delivery, the web server's watcher, the
agent's session. The event names the conversation, never its text."""

from __future__ import annotations

import http.client
import http.cookies
import json
import re
import time
import urllib.parse

from tests.servers.desk import env_for, request, running, sellerdesk, shell

PASSWORD = "agent-password-1"
ORIGIN = "https://live-store.example"


def session_cookie(port: int) -> str:
    """The cookies of an agent signed in through the login form."""
    jar = http.cookies.SimpleCookie()

    def keep(headers):
        for name, value in headers:
            if name.lower() == "set-cookie":
                jar.load(value)

    status, headers, body = request(port, "GET", "/login/")
    keep(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "anna", "password": PASSWORD}).encode()
    cookies = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    status, headers, _ = request(port, "POST", "/login/", body=form, headers={
        "Cookie": cookies, "Referer": f"http://127.0.0.1:{port}/login/", "Content-Type": "application/x-www-form-urlencoded"})
    keep(headers)
    assert status == 302 and "sessionid" in jar
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


def chat_post(port: int, chat: int, path: str, fields: dict) -> dict:
    status, _, body = request(port, "POST", f"/chat/{chat}/{path}", body=urllib.parse.urlencode(fields).encode(),
                              headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
    assert status in (201, 202), (status, body[:300])
    return json.loads(body)


def next_event(stream, seconds: float) -> dict | None:
    """The next event's data on an open server-sent events answer (None: the stream ended)."""
    stop = time.monotonic() + seconds
    data = None
    while time.monotonic() < stop:
        line = stream.readline()
        if not line:
            return None
        line = line.decode().rstrip("\n")
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and data is not None:
            return data
    return None


def test_a_widget_message_reaches_the_agents_open_inbox_feed(tmp_path):
    env = env_for(tmp_path)
    assert sellerdesk("migrate", env=env).returncode == 0
    assert sellerdesk("createagent", "anna", "--password", PASSWORD, "--name", "Anna", env=env).returncode == 0
    with running(env=env) as (port, _):
        chat = int(shell("from sellerdesk.channels.models import ChannelAccount as A\n"
                         f"print(A.objects.create(kind='webchat', name='Store chat', config={{'domains': [{ORIGIN!r}]}}).pk)",
                         env=env).strip())
        cookie = session_cookie(port)
        status, _, page = request(port, "GET", "/", headers={"Cookie": cookie})
        assert status == 200
        feed_url = re.search(rb'<div id="live-feed" hidden data-url="([^"]+)">', page).group(1).decode()
        assert feed_url == "/live/?after=0"  # no message yet

        token = chat_post(port, chat, "visitor", {"lang": "en"})["token"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        try:
            conn.request("GET", feed_url, headers={"Cookie": cookie, "Accept": "text/event-stream"})
            stream = conn.getresponse()
            assert stream.status == 200
            assert stream.readline() == b"retry: 1000\n"
            chat_post(port, chat, "messages", {"t": token, "id": "line-1", "text": "Do you ship to Canada?", "lang": "en"})
            # The first delivery waits for the worker's triage model to load: several feed streams may pass.
            event = None
            stop = time.monotonic() + 180
            while event is None and time.monotonic() < stop:
                event = next_event(stream, 30)
                if event is None:  # the stream's time was up: reconnect, as the browser does
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
                    conn.request("GET", feed_url, headers={"Cookie": cookie, "Accept": "text/event-stream"})
                    stream = conn.getresponse()
        finally:
            conn.close()
        conversation, message = (int(x) for x in shell(
            "from sellerdesk.conversations.models import Message\n"
            "m = Message.objects.get(external_id__endswith=':line-1')\nprint(m.conversation_id, m.pk)", env=env).split())
        assert set(event) == {"conversations", "newest"}  # ids only: no text reaches the page this way
        assert event["conversations"] == [conversation]
        assert event["newest"][0] >= message
        # ...and the inbox the page then reloads lists it.
        status, _, listing = request(port, "GET", "/?status=all", headers={"Cookie": cookie, "HX-Request": "true"})
        assert status == 200
        assert f'data-id="{conversation}"'.encode() in listing
