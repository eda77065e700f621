"""Every page of the agent UI, in Chromium at 390 px (a phone) and 1440 px (a laptop) in English and in Chinese.

The pages are found from the URL configuration, not from a list: each route of the web, replies
and routing apps is asked for with GET (its arguments taken from the demo data); whatever answers
a whole HTML page is opened in the browser. A page fails when it scrolls sideways
(document.scrollingElement.scrollWidth > innerWidth), and in Chinese when its text shows a
catalogued English string (a msgid of django.po that has a translation) or a raw code
(`product_not_received`). A route that is neither visited nor listed below as not being a page
fails the test, so a new page cannot be missed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.lib import clock
from tests.browser import wait_for_live_server_requests

pytestmark = [pytest.mark.browser]
NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)
PO = Path(__file__).resolve().parents[2] / "sellerdesk" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
APPS = {"web", "replies", "routing"}
# Routes that answer GET with something other than a page of their own (POST-only actions,
# downloads, htmx fragments): checked by the test that they are not pages.
NOT_PAGES = {"web:logout", "web:set_language", "web:attachment", "web:customer_export", "replies:panel",
             "replies:insert", "web:agent_shift_row", "replies:message_translation"}


@pytest.fixture
def demo(transactional_db):
    from tests.web.conftest import compile_translations

    compile_translations()
    with clock.frozen(NOW):
        call_command("seed_demo", verbosity=0)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo")
    return user


def _routes():
    out = []

    def walk(resolver, prefix, ns):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), ns + ([p.namespace] if p.namespace else []))
            elif isinstance(p, URLPattern) and ns and ns[0] in APPS:
                out.append((f"{ns[0]}:{p.name}", prefix + str(p.pattern)))

    walk(get_resolver(), "/", [])
    return out


def _values(user) -> dict:
    """Arguments for parameterised routes, from the demo data: route name -> list of kwargs."""
    from sellerdesk.channels.models import ChannelAccount, RawDelivery
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.customers.models import Customer
    from sellerdesk.replies.models import ReplyTemplate as Template

    convs = list(Conversation.objects.order_by("pk").values_list("pk", flat=True))
    marketplace = list(ChannelAccount.objects.exclude(kind="email").values_list("kind", "pk"))
    kinds = sorted({k for k, _ in marketplace} | {"shopify", "ebay", "tiktok", "amazon"})
    return {
        "web:conversation": [{"pk": pk} for pk in convs],
        "web:customer": [{"pk": pk} for pk in Customer.objects.filter(conversations__isnull=False).distinct().values_list("pk", flat=True)[:6]],
        "web:raw_delivery": [{"pk": pk} for pk in RawDelivery.objects.values_list("pk", flat=True)[:3]],
        "web:agent": [{"pk": user.pk}],
        "web:email_account": [{"pk": pk} for pk in ChannelAccount.objects.filter(kind="email").values_list("pk", flat=True)[:1]],
        "web:shop_identity": [{"pk": pk} for pk in ChannelAccount.objects.values_list("pk", flat=True)[:1]],
        "web:marketplace_account_new": [{"kind": k} for k in kinds],
        "web:marketplace_account": [{"kind": k, "pk": pk} for k, pk in marketplace],
        "replies:template_edit": [{"pk": pk} for pk in Template.objects.values_list("pk", flat=True)[:2]],
        "web:password_reset_confirm": [{"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                        "token": default_token_generator.make_token(user)}],
    }


def _fill(pattern: str, kwargs: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern)


def _pages(user) -> tuple[list[str], list[str]]:
    """(paths of the pages, names of routes neither visited nor known not to be pages)."""
    client = Client()
    client.force_login(user)
    values = _values(user)
    pages, unknown = [], []
    for name, pattern in _routes():
        args = values.get(name, [{}]) if "<" in pattern else [{}]
        if "<" in pattern and name not in values:
            if name not in NOT_PAGES:
                # An action route (POST only): a GET with made-up ids must not be a page either.
                path = _fill(pattern, {k: 1 for k in re.findall(r"<(?:\w+:)?(\w+)>", pattern)})
                with clock.frozen(NOW):
                    r = client.get(path)
                if r.status_code == 200 and b"<html" in r.content:
                    unknown.append(name)
            continue
        for kwargs in args:
            path = _fill(pattern, kwargs)
            with clock.frozen(NOW):
                r = client.get(path)
            if r.status_code == 200 and b"<html" in r.content:
                pages.append(path)
            elif r.status_code == 200 and name not in NOT_PAGES and "<" not in pattern:
                unknown.append(name)
    return pages, unknown


def _catalog():
    with PO.open("rb") as f:
        return [m for m in read_po(f) if m.id and m.string and not isinstance(m.id, tuple)]


def _kept_in_chinese() -> str:
    """Every translation, joined: an English word the translations themselves keep (a brand, an
    API scope) is a name, not a missing translation."""
    return "\n".join(m.string for m in _catalog())


def _catalogued() -> list[tuple[str, re.Pattern]]:
    kept = _kept_in_chinese()
    out = []
    for m in _catalog():
        text = m.id
        if "%" in text or "{" in text or len(text) < 4 or text == m.string or not re.search(r"[A-Za-z]{3}", text):
            continue
        if re.search(r"(?<![\w])" + re.escape(text) + r"(?![\w])", kept):
            continue
        out.append((text, re.compile(r"(?<![\w])" + re.escape(text) + r"(?![\w])")))
    return out


# What buyers, platforms and agents wrote, names, and code shown as code: not UI text.
USER_TEXT = (".msg .body, details.full, .preview, .subj b, h1, code, pre, .mono, textarea, .who, .cust, .from, .addr, "
             "select[name=assignee], #toast, #desk-texts, "
             # subjects and template titles as links, a parser's error kept with the delivery, an approval's reason
             # and reply, the platforms' own wording quoted under a rule, audit event codes to filter by
             "a[href^='/conversations/'], a[href^='/replies/templates/'], #template-suggestions, .problem-card .error, "
             "table.approvals td:nth-child(3), table.approvals td:nth-child(4), td small, select[name=action], "
             # what the platform wrote in a claim, a buyer's user name, the templates' own tags
             ".platform-text, #customer-link, label[for=reply-text], select[name=tag], #replies-panel .muted, .tpl-tags")
# Names kept as they are in the Chinese UI too.
NAMES = {"Amazon", "Amazon SP-API", "WeChat", "Walmart"}
CODE = re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z]+)+(?![\w./@-])")


def _visit(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate(
        "(sel) => ({w: document.scrollingElement.scrollWidth, inner: window.innerWidth,"
        " text: (() => { const b = document.body.cloneNode(true);"
        "   b.querySelectorAll(sel).forEach(e => e.remove()); document.documentElement.appendChild(b);"
        "   const t = b.innerText; b.remove(); return t; })(),"
        " wide: Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        "   .slice(0, 3).map(e => e.tagName + '.' + e.className)})",
        USER_TEXT,
    )


def test_every_page_fits_390_px_and_is_translated(live_server, browser, demo, shots):
    pages, unknown = _pages(demo)
    assert unknown == [], f"routes that answer a page but are not walked: {unknown}"
    assert len(pages) >= 30
    catalogued = _catalogued()
    kept = _kept_in_chinese()
    too_wide, untranslated = [], []
    for lang in ("en", "zh-hans"):
        # Log-in takes the language from the agent's profile (docs/ui.md).
        AgentProfile.objects.filter(user=demo).update(ui_language=lang)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", timezone_id="Asia/Shanghai")
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "demo")
        page.fill("#id_password", "sellerdesk-demo")
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")
        for path in pages:
            seen = _visit(page, live_server.url + path)
            if seen["w"] > seen["inner"]:
                too_wide.append(f"{lang} {path}: {seen['w']} px {seen['wide']}")
            if lang == "zh-hans":
                text = seen["text"]
                for msgid, pattern in catalogued:
                    if msgid not in NAMES and pattern.search(text):
                        untranslated.append(f"{path}: {msgid!r}")
                untranslated += [f"{path}: code {c!r}" for c in sorted(set(CODE.findall(text))) if c not in kept]
        page.set_viewport_size({"width": 1440, "height": 900})  # a laptop: the full menu in one bar
        for path in pages:
            seen = _visit(page, live_server.url + path)
            if seen["w"] > seen["inner"]:
                too_wide.append(f"{lang} {path} at 1440 px: {seen['w']} px {seen['wide']}")
        page.set_viewport_size({"width": 390, "height": 844})
        # The menu folds away; open, it reaches the language switch and log-out.
        page.goto(f"{live_server.url}/")
        assert not page.locator(".top .me").is_visible()
        page.click("#nav-toggle")
        for selector in (".top .lang-switch", ".top form[action='/logout/'] button", "#nav-menu a[href='/problems/']"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
        page.screenshot(path=str(shots / f"menu-390-{lang}.png"))
        context.close()
        wait_for_live_server_requests()
    (shots / "every-page-findings.txt").write_text("\n".join(too_wide + untranslated))
    assert too_wide == []
    assert untranslated == []
