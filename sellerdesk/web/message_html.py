"""A thread's messages as HTML, written in Python.

A conversation page draws up to 100 messages; through `web/_message.html` (and its include for the
"Translate" button) each cost about 0.4 ms of CPU in template lookups, 40 ms for a long thread.
Here a message is one string with the markup that template writes, byte for byte; the words are
translated and the URLs reversed once per page. A message that names order or tracking numbers or
carries a claim box (a few per thread at most) is still drawn by the template, which holds those
forms and boxes. tests/web/test_message_html.py compares both on every kind of message.
"""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from sellerdesk.web import notices
from sellerdesk.web.pyhtml import text as _text
from sellerdesk.web.pyhtml import url_parts
from sellerdesk.web.templatetags.desk import agent_name


class _Page:
    """What every message of the page shares: its words in the UI language and the URL patterns."""

    def __init__(self, conv, translation_on: bool):
        self.conv = conv
        self.translation_on = translation_on
        self.platform = _text(notices.platform_name(conv.channel))
        self.words = {key: _text(text) for key, text in {
            "notice": _("Platform notice"), "reply": _("Reply"), "note": _("Internal note"), "automated": _("Automated"),
            "not_sent": _("Not sent:"), "retrying": _("Retrying:"), "no_text": _("(no text)"),
            "translate": _("Translate into my language"), "full": _("Show full text (quoted and signature)"),
            "attachment": _("attachment"),
        }.items()}
        self.translation_url = url_parts("replies:message_translation")
        self.attachment_url = url_parts("web:attachment")


def _header(e: dict, m, page: _Page) -> str:
    w = page.words
    kind = e["kind"]
    if kind == "notice":
        who = f'\n      <span class="from">{page.platform}</span> <span class="tag notice-tag">{w["notice"]}</span>\n    '
    elif kind == "inbound":
        addr = f' <span class="addr">&lt;{_text(m.sender)}&gt;</span>' if m.sender_name and m.sender else ""
        who = f'\n      <span class="from">{_text(m.sender_name or m.sender)}</span>{addr}\n    '
    elif kind == "outbound":
        to = f'<span class="addr">→ {", ".join(conditional_escape(r) for r in m.recipients)}</span>' if m.recipients else ""
        who = (f'\n      <span class="kind">{w["reply"]}</span> <span class="from">{_text(agent_name(m.author) or m.sender_name)}</span>'
               f'\n      {to}'
               f'\n      <span class="dlv dlv-{_text(m.delivery_status)}" data-delivery="{_text(m.delivery_status)}">{_text(e["delivery"])}</span>\n    ')
    else:
        who = f'\n      <span class="kind">{w["note"]}</span> <span class="from">{_text(agent_name(m.author) or m.sender_name)}</span>\n    '
    automated = f'<span class="tag">{w["automated"]}</span>' if m.is_automated and kind != "notice" else ""
    flags = "".join(f'<span class="tag{" warn" if f["warn"] else ""}">{_text(f["label"])}</span>' for f in e["flags"])
    sent = template_localtime(m.sent_at) if m.sent_at else m.sent_at
    return (f"{who}\n    {automated}\n    {flags}"
            f'\n    <time datetime="{_text(date_filter(sent, "c"))}">{_text(date_filter(sent, "SHORT_DATETIME_FORMAT"))}</time>')


def _body(e: dict, m, page: _Page) -> str:
    w = page.words
    kind = e["kind"]
    out_error = ""
    if kind == "outbound" and m.error:
        out_error = f'<p class="error">{w["not_sent"] if m.delivery_status == "failed" else w["retrying"]} {_text(m.error)}</p>'
    other_error = f'<p class="error">{linebreaksbr(m.error, autoescape=True)}</p>' if kind != "outbound" and m.error else ""
    if e["text"]:
        body = f'<div class="body">{_text(e["text"])}</div>'
    elif e["html"]:
        body = f'<div class="body html">{conditional_escape(e["html"])}</div>'
    else:
        body = f'<p class="muted">{w["no_text"]}</p>'
    translate = ""
    if kind == "inbound" and page.translation_on:
        pk = _text(m.pk)
        head, tail = page.translation_url
        translate = (f'<div id="tr-{pk}"><button type="button" class="link" hx-get="{head}{pk}{tail}" hx-target="#tr-{pk}" '
                     f'hx-swap="outerHTML">{w["translate"]}</button></div>')
    full = (f'<details class="full"><summary>{w["full"]}</summary><div class="body">{_text(e["full"])}</div></details>'
            if e["full"] else "")
    files = ""
    if e["files"]:
        head, tail = page.attachment_url
        files = '<ul class="files">' + "".join(
            f'<li><a href="{head}{f.pk}{tail}">📎 {_text(f.filename) if f.filename else w["attachment"]}</a> '
            f'<span class="muted">{conditional_escape(filesizeformat(f.size))}</span></li>' for f in e["files"]
        ) + "</ul>"
    # The blank lines are those of the template: the numbers and the claims (not drawn here) sit between.
    return f"{out_error}\n  {other_error}\n  {body}\n  \n  {translate}\n\n  \n  {full}\n  {files}"


def drawable(e: dict) -> bool:
    """Whether this module draws the message: not when it shows numbers or claims (the template does)."""
    return not e.get("numbers") and not e["claims"] and isinstance(e["m"].recipients or [], list)


def draw(entries: list[dict], conv, *, translation_on: bool) -> None:
    """Puts the HTML of each message it draws in `entry["drawn"]`; the template draws the others."""
    page = None
    for e in entries:
        if not drawable(e):
            continue
        page = page or _Page(conv, translation_on)
        m = e["m"]
        e["drawn"] = mark_safe(
            f'\n<article class="msg msg-{_text(e["kind"])}" id="m{_text(m.pk)}">\n  <header>\n    {_header(e, m, page)}'
            f"\n  </header>\n  {_body(e, m, page)}\n</article>\n\n"
        )
