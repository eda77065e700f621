"""The widget in real headless Chromium, on a store page served from another origin, against a
real `sellerdesk run` (waitress, worker, scheduler): the visitor writes, the bot hands over, an agent
answers in the SellerDesk UI, the visitor sees it live and the agent the visitor's next line; offline, the answer goes by email; a store
not on the chat's list gets nothing."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)
from tests.servers.desk import env_for, running, sellerdesk, shell
from tests.web.conftest import compile_translations

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password-1"


class Store:
    """A seller's store: a static page with the chat's script tag, on its own port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="store-"))
        handler = partial(SimpleHTTPRequestHandler, directory=str(self.dir))
        handler.log_message = lambda *a: None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, desk_port: int, chat_id: int) -> None:
        (self.dir / "index.html").write_text(
            "<!doctype html><html><head><meta charset=utf-8><title>Store</title></head><body><h1>Store</h1>"
            f'<script src="http://127.0.0.1:{desk_port}/chat/widget.js" data-chat="{chat_id}" async></script></body></html>')

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def desk(tmp_path, smtp_server):
    compile_translations()
    env = env_for(tmp_path)
    assert sellerdesk("migrate", env=env).returncode == 0
    assert sellerdesk("createagent", "anna", "--password", PASSWORD, "--name", "Anna", "--role", "admin", env=env).returncode == 0
    smtp = json.dumps(smtp_server.smtp_config())
    stores = {"good": Store(), "other": Store()}
    try:
        with running(env=env) as (port, _):
            chat_id = int(shell(
                "from sellerdesk.channels.models import ChannelAccount as A\n"
                f"m = A(kind='email', name='Support', address='support@shop.example', config={{'smtp': {smtp}}})\n"
                f"m.credentials = {{'smtp_password': {smtp_server.password!r}}}; m.save()\n"
                f"c = A.objects.create(kind='webchat', name='Store chat', config={{'domains': [{stores['good'].url!r}], 'email_account': m.pk}})\n"
                "print(c.pk)", env=env).strip())
            for store in stores.values():
                store.page(port, chat_id)
            yield {"port": port, "env": env, "chat": chat_id, "stores": stores, "url": f"http://127.0.0.1:{port}"}
    finally:
        for store in stores.values():
            store.stop()


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/login/?next=/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")


def wait_for(found, seconds: float = 60):
    """What `found()` returns once it is not empty (the worker sends in the background)."""
    stop = time.monotonic() + seconds
    while not (value := found()) and time.monotonic() < stop:
        time.sleep(0.2)
    return value


def widget(page):
    return page.locator("#sellerdesk-chat")  # Playwright's CSS locators pierce the open shadow root


def test_visitor_and_agent_chat_live_across_origins(browser, desk, smtp_server, shots):
    # The store lists only its own origin; the desk is on another port.
    good, other = desk["stores"]["good"], desk["stores"]["other"]
    agent = browser.new_context(locale="en-US")
    desk_page = agent.new_page()
    desk_page.set_default_timeout(30_000)
    sign_in(desk_page, desk["url"])  # an agent seen just now: the chat is online

    visitor = browser.new_context(locale="de-DE")
    store = visitor.new_page()
    store.set_default_timeout(30_000)
    store.goto(good.url + "/")
    w = widget(store)
    w.locator("button.b").click()
    expect(w.locator(".m.system").first).to_have_text("Hallo! Wie können wir helfen?")
    expect(w.locator(".s")).to_have_text("Online")
    w.locator("textarea").fill("Ich möchte bitte mit einem Mitarbeiter sprechen.")
    w.locator("textarea").press("Enter")
    expect(w.locator(".m.visitor")).to_have_count(1)
    # The bot hands over (asked for a person), in German (the worker loads the triage model first).
    expect(w.locator(".m.system").nth(1)).to_have_text("Ich verbinde Sie mit einer Person aus unserem Team. Sie antwortet hier.",
                                                       timeout=90_000)
    store.screenshot(path=str(shots / "webchat-visitor.png"))

    # The agent finds the chat in the inbox and answers in the SellerDesk UI.
    desk_page.goto(desk["url"] + "/")
    row = desk_page.locator("#inbox-list a.row").first
    expect(row).to_contain_text("Web chat")
    row.click()
    expect(desk_page.locator(".msg-note")).to_contain_text("Chat bot: handed over, the visitor asked for a person.")
    desk_page.fill("#reply-text", "Guten Tag, hier ist Anna. Wie kann ich helfen?")
    desk_page.click("#reply-form button.primary")
    # ...and the visitor sees it, pushed by the stream.
    answer = w.locator(".m.agent")
    expect(answer).to_contain_text("Guten Tag, hier ist Anna. Wie kann ich helfen?", timeout=20_000)
    expect(answer.locator(".n")).to_have_text("Anna")
    store.screenshot(path=str(shots / "webchat-answered.png"))
    # The visitor writes again: the agent's open conversation shows it without a reload — pushed by
    # the page's live feed (the thread has no timed refresh).
    w.locator("textarea").fill("Danke! Ich warte auf die Rechnung.")
    w.locator("textarea").press("Enter")
    expect(desk_page.locator("#conv .thread")).to_contain_text("Danke! Ich warte auf die Rechnung.", timeout=30_000)
    expect(desk_page.locator("#reply-text")).to_be_visible()
    # No cookie of ours on the store's site: only the visitor's id and token in its localStorage.
    assert visitor.cookies() == []
    stored = store.evaluate("() => Object.keys(localStorage)")
    assert stored == [f"sdchat:{desk['url']}:{desk['chat']}"]

    # The visitor leaves an email and closes the page; the next answer goes by email.
    w.locator("input[name=who]").fill("kim@buyer.example")
    w.locator("form.i button").click()
    expect(w.locator(".m.system").last).to_have_text("Danke, notiert.")
    visitor.close()
    shell("import datetime as dt\nfrom sellerdesk.channels.webchat.models import ChatVisitor\nfrom sellerdesk.lib import clock\n"
          "ChatVisitor.objects.update(last_seen_at=clock.now() - dt.timedelta(minutes=5))", env=desk["env"])
    desk_page.fill("#reply-text", "Wir schicken Ihnen die Rechnung per E-Mail.")
    desk_page.click("#reply-form button.primary")
    mails = wait_for(lambda: [m for m in smtp_server.received if m.rcpt_tos == ["kim@buyer.example"]])
    assert len(mails) == 1
    assert mails[0].message.get_content().strip() == "Wir schicken Ihnen die Rechnung per E-Mail."

    # A store that is not on the chat's list: refused, nothing stored.
    stranger = browser.new_context(locale="fr-FR")
    page = stranger.new_page()
    page.goto(other.url + "/")
    widget(page).locator("button.b").click()
    expect(widget(page).locator(".e")).to_have_text("Le chat n'est pas disponible pour le moment.")
    assert shell("from sellerdesk.channels.webchat.models import ChatVisitor\nprint(ChatVisitor.objects.count())",
                 env=desk["env"]).strip() == "1"
    stranger.close()
    agent.close()


def test_offline_the_bot_asks_for_an_email_in_the_visitors_language(browser, desk):
    visitor = browser.new_context(locale="ja-JP")
    store = visitor.new_page()
    store.set_default_timeout(30_000)
    store.goto(desk["stores"]["good"].url + "/")
    w = widget(store)
    w.locator("button.b").click()
    # No agent has signed in: offline.
    expect(w.locator(".s")).to_have_text("オフライン")
    expect(w.locator(".m.system").first).to_have_text("ただいまオフラインです。メールアドレスを残していただければ、メールでお返事します。")
    w.locator("textarea").fill("人間と話したいです")
    w.locator("button[type=submit]").last.click()
    expect(w.locator(".m.system").nth(1)).to_have_text(
        "ただいま対応できる担当者がおりません。メールアドレスを残していただければ、メールでお返事します。", timeout=90_000)
    visitor.close()
