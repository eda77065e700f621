"""The inbox's rows as HTML, written in Python.

Fifty rows through the template language cost about 19 ms of CPU per inbox page (some twenty
variable lookups, filters and tags per row, a URL reversed per row), the biggest part of the
page. Here each row is one string: the labels are looked up once per code for the page, the
conversation URL is reversed once, and the markup is the one `web/_inbox_rows.html` wrote
before, byte for byte (tests/web/test_inbox_rows.py pins it).
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from sellerdesk.web import labels, lookups, notices, reasons
from sellerdesk.web.pyhtml import text as _text
from sellerdesk.web.pyhtml import url_parts

ROW = (
    '\n<a class="row{problem_class}" href="{url}" data-id="{pk}">'
    '\n  <span class="ch ch-{channel}" title="{badge}">{badge}</span>'
    '\n  <span class="cust">{customer}</span>'
    '\n  <span class="subj">{problem}{status}{subject}</span>'
    '\n  <span class="lang" title="{language_name}">{language}</span>'
    '\n  <span class="intent">{intent}</span>'
    '\n  <span class="tier t{tier}" title="{tier_name}">T{tier}</span>'
    '\n  <span class="urg{urgency_class}" title="{urgency_reasons}">{urgency}</span>'
    '\n  <span class="who">{assignee}</span>'
    '\n  <span class="tl tl-{state}"{deadline} title="{deadline_name}">{left}</span>'
    "\n</a>\n"
)


class _Labels:
    """The page's translated words and each code's label, looked up once per page."""

    def __init__(self):
        self.unknown = f"<i>{_text(_('Unknown'))}</i>"
        self.unassigned = f"<i>{_text(_('Unassigned'))}</i>"
        self.no_subject = _text(_("(no subject)"))
        self.problem = f'<span class="problem" title="{_text(_("Problem: a reply failed or a message was malformed"))}">⚠</span> '
        self._seen: dict = {}

    def get(self, kind: str, key, make) -> str:
        try:
            return self._seen[kind, key]
        except KeyError:
            value = self._seen[kind, key] = _text(make(key))
            return value


def _reasons_joined(items) -> str:
    return "; ".join(reasons.reason_text(r) for r in notices.unique(items))


def _subject(c, r: dict, searching: bool, words: _Labels) -> str:
    if searching:
        subject = f"<b>{_text(r['subject_marked']) if c.subject else words.no_subject}</b>"
        marked = r.get("preview_marked")
        return subject + (f' <span class="preview">– {_text(marked)}</span>' if marked else "")
    subject = f"<b>{_text(c.subject) if c.subject else words.no_subject}</b>"
    return subject + (f' <span class="preview">– {_text(r["preview"])}</span>' if r["preview"] else "")


def _assignee_names(rows: list[dict], agents: dict[int, str] | None) -> dict[int, str]:
    """Each assignee's name: from `agents` (the page's menu of active agents), the others (agents
    who have left, or no menu given) in one query."""
    names = dict(agents or {})
    missing = {r["c"].assignee_id for r in rows} - names.keys() - {None}
    if missing:
        names.update(lookups.agent_names(ids=missing))
    return names


def draw(rows: list[dict], *, status: str, searching: bool = False, agents: dict[int, str] | None = None) -> None:
    """Puts each row's HTML in `row["html"]` (the rows of `views_inbox._rows`, with the search's marks);
    `agents`: user id -> name of the agents the page knows already."""
    if not rows:
        return
    words = _Labels()
    names = _assignee_names(rows, agents)
    url_head, url_tail = url_parts("web:conversation")
    for r in rows:
        c = r["c"]
        customer = c.customer
        who = (customer.name or customer.email) if customer is not None else ""
        urgency = c.urgency
        deadline = c.next_deadline_at
        r["html"] = mark_safe(ROW.format(
            problem_class=" has-problem" if c.has_problem else "",
            url=f"{url_head}{c.pk}{url_tail}",
            pk=_text(c.pk),
            channel=_text(c.channel),
            badge=_text(r["badge"]),
            customer=_text(who) if who else words.unknown,
            problem=words.problem if c.has_problem else "",
            status=(f'<span class="st st-{_text(c.status)}">{words.get("status", c.status, lambda s: labels.label(labels.STATUSES, s))}</span> '
                    if status == "all" else ""),
            subject=_subject(c, r, searching, words),
            language_name=words.get("language", c.language, labels.language_name),
            language=_text(c.language) if c.language else "–",
            intent=words.get("intent", c.intent, lambda i: labels.label(labels.INTENTS, i)),
            tier=_text(c.tier),
            tier_name=words.get("tier", c.tier, lambda t: labels.label(labels.TIERS, t)),
            urgency_class=" hi" if urgency >= 70 else " mid" if urgency >= 40 else "",
            urgency_reasons=words.get("reasons", tuple(c.urgency_reasons or ()), _reasons_joined),
            urgency=_text(urgency),
            assignee=words.get("agent", c.assignee_id, names.get) if c.assignee_id else words.unassigned,
            state=_text(r["state"]),
            deadline=f' data-deadline="{_text(template_localtime(deadline).isoformat())}"' if deadline else "",
            deadline_name=words.get("deadline", c.deadline_kind, reasons.deadline_name),
            left=_text(r["left"]) if r["left"] else "–",
        ))
