"""Matchers named by the rules' "check" field.

Each takes (rule, text, context) — text already NFKC-normalised — and
returns the hits; the engine turns hits into findings with the rule's reason.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache

import phonenumbers

from sellerdesk.replies.compliance import contacts, links, timezones
from sellerdesk.replies.compliance.model import Hit, Rule, SendContext

MAX_HITS = 5


def clip(s: str, limit: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


_SENTENCE_END = re.compile(r"[.!?;。！？；\n]")


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence(s) holding text[start:end]."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, max(end - 1, start))
    return (before[-1] if before else 0), (after.end() if after else len(text))


def _excepted(rule: Rule, text: str, start: int, end: int) -> bool:
    """The hit's sentence matches one of the rule's exceptions (an allowed wording)."""
    if not rule.exceptions:
        return False
    lo, hi = _sentence_of(text, start, end)
    return any(regex.search(text, lo, hi) for _, regex in rule.exceptions)


def pattern_hits(rule: Rule, text: str) -> list[Hit]:
    """Distinct matches of the rule's patterns, one per sentence; where two overlap, the earlier (then longer) one wins.

    A match in a sentence that matches one of the rule's exceptions does not count.
    """
    spans = sorted(
        ((m.start(), -m.end(), lang) for lang, regex in rule.patterns for m in regex.finditer(text) if m.group(0).strip()),
    )
    hits: list[Hit] = []
    end = -1
    sentences_hit: set[tuple[int, int]] = set()
    for start, neg_end, lang in spans:
        if start < end or _excepted(rule, text, start, -neg_end):
            continue
        # one hit per sentence: two phrases of one statement are one finding
        sentence = _sentence_of(text, start, -neg_end)
        if sentence in sentences_hit:
            continue
        sentences_hit.add(sentence)
        end = -neg_end
        excerpt = clip(text[start:end].strip())
        if all(h.excerpt != excerpt for h in hits):
            hits.append(Hit(excerpt, {"language": lang}))
        if len(hits) >= MAX_HITS:
            break
    return hits


def check_patterns(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    return pattern_hits(rule, text)


def check_links(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """Links whose host is not on the allowlist (params.allowed + context.tracking_domains)."""
    allowed = [*rule.params.get("allowed", []), *ctx.tracking_domains]
    hits = []
    # The domain of an email address is the contact-details rule's business, not a link.
    text = contacts.EMAIL_SPELLED.sub(" ", contacts.EMAIL.sub(" ", text))
    for url in links.find_links(text):
        host, _ = links.split_link(url)
        if host and not links.host_in(host, allowed):
            hits.append(Hit(clip(url), {"url": clip(url), "domain": host}))
    return hits[:MAX_HITS]


def check_link_paths(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """Links to params.domains whose path contains one of params.paths (product pages, storefronts)."""
    hits = []
    for url in links.find_links(text):
        host, tail = links.split_link(url)
        if links.host_in(host, rule.params.get("domains", [])):
            lowered = tail.lower()
            if any(p.lower() in lowered for p in rule.params.get("paths", [])):
                hits.append(Hit(clip(url), {"url": clip(url), "domain": host}))
    return hits[:MAX_HITS]


# --- contact details -------------------------------------------------------------------

def _home_regions(ctx: SendContext) -> list[str]:
    """The buyer's and the marketplace's countries: a number valid there counts as written."""
    regions = [timezones.country_code(c) for c in (ctx.buyer_country, ctx.marketplace) if c]
    return [r for r in dict.fromkeys(regions) if r in phonenumbers.SUPPORTED_REGIONS]


def check_contact_details(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """E-mail addresses, phone numbers (of every country in params.regions), vanity numbers, messenger IDs."""
    # Every marketplace country is read, not one guessed from the language; without a known
    # country a number must also look like a phone number in its context (contacts.py).
    found = contacts.find_contacts(text, _home_regions(ctx), rule.params.get("regions", []), ctx.order_number)
    return [Hit(excerpt, {"kind": kind[0], "kind_zh": kind[1]}) for kind, excerpt in found][:MAX_HITS]


# --- time: reply windows and quiet hours -------------------------------------------------


def _hours(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def check_reply_window(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """The buyer's last message is older than params.hours (params.automated_hours for automated sends).

    With params.upto_hours the rule is a band: it only fires while the age is
    at most that many hours (a later age is another rule's business);
    params.human_only limits it to sends written by an agent.
    """
    p = rule.params
    if p.get("human_only") and ctx.automated:
        return []
    limit = p["automated_hours"] if ctx.automated and "automated_hours" in p else p["hours"]
    values = {"limit": limit, "who": "automated" if ctx.automated else "agent", "who_zh": "自动" if ctx.automated else "人工"}
    if ctx.last_inbound_at is None:
        if "upto_hours" in p:
            return []
        return [Hit("", {**values, "last": "the buyer has not written in this conversation", "last_zh": "买家尚未在此会话中发送消息"})]
    age = ctx.now - ctx.last_inbound_at
    if age <= dt.timedelta(hours=limit):
        return []
    if "upto_hours" in p and age > dt.timedelta(hours=p["upto_hours"]):
        return []
    hours = _hours(age)
    return [Hit("", {**values, "last": f"the buyer's last message was {hours} h ago", "last_zh": f"买家最后一条消息在 {hours} 小时前"})]


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def check_quiet_hours(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    start, end = _minutes(rule.params["start"]), _minutes(rule.params["end"])
    for zone in timezones.buyer_zones(ctx.buyer_timezone, ctx.buyer_country, ctx.marketplace):
        local = ctx.now.astimezone(zone)
        minute = local.hour * 60 + local.minute
        quiet = start <= minute < end if start < end else (minute >= start or minute < end)
        if quiet:
            return [Hit("", {
                "local_time": local.strftime("%H:%M"),
                "timezone": zone.key,
                "start": rule.params["start"],
                "end": rule.params["end"],
            })]
    return []


# --- attachments ----------------------------------------------------------------------------


def check_attachments(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    p = rule.params
    allowed_ext = {e.lower().lstrip(".") for e in p["allowed_extensions"]}
    allowed_types = {t.lower() for t in p["allowed_content_types"]}
    hits, total = [], 0
    for item in ctx.attachments:
        filename, content_type = item[0], (item[1] or "").split(";")[0].strip().lower()
        total += item[2] if len(item) > 2 and item[2] else 0
        ext = os.path.splitext(filename)[1].lower().lstrip(".")
        if ext not in allowed_ext:
            problem = (f"files of type .{ext or '(none)'} may not be attached", f"不允许附加 .{ext or '(无)'} 类型的文件")
        elif content_type and content_type not in allowed_types:
            problem = (f"its content type {content_type} is not a permitted type", f"其内容类型 {content_type} 不在允许之列")
        else:
            continue
        hits.append(Hit(filename, {"filename": filename, "problem": problem[0], "problem_zh": problem[1]}))
    limit = p.get("max_total_bytes")
    if limit and total > limit:
        mb, limit_mb = f"{total / 1048576:.1f}", f"{limit / 1048576:.0f}"
        hits.append(Hit(f"{mb} MB", {
            "filename": f"{len(ctx.attachments)} files",
            "problem": f"together they are {mb} MB, over the {limit_mb} MB limit",
            "problem_zh": f"合计 {mb} MB，超过 {limit_mb} MB 上限",
        }))
    return hits


# --- feedback requests and messages not needed for the order ------------------------------------


def check_feedback_once(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """A feedback request (the rule's patterns) when one was already sent for this order."""
    return pattern_hits(rule, text)[:1] if ctx.feedback_already_requested else []


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def word_count(text: str) -> int:
    # Two CJK characters count as about one word.
    cjk = len(_CJK.findall(text))
    latin = len(_WORD.findall(_CJK.sub(" ", text)))
    return latin + (cjk + 1) // 2


def check_bare_thanks(rule: Rule, text: str, ctx: SendContext) -> list[Hit]:
    """A short thank-you (the rule's patterns) with nothing the order needs (params.substance)."""
    thanks = pattern_hits(rule, text)
    if not thanks or word_count(text) > rule.params["max_words"]:
        return []
    if _compiled(tuple(rule.params["substance"])).search(text):
        return []
    return [Hit(clip(text), {})]


# The values each check gives its rules' reason templates (besides channel and excerpt).
CHECK_VALUES = {
    "patterns": {"language"},
    "links": {"url", "domain"},
    "link_paths": {"url", "domain"},
    "contact_details": {"kind"},
    "reply_window": {"limit", "who", "last"},
    "quiet_hours": {"local_time", "timezone", "start", "end"},
    "attachments": {"filename", "problem"},
    "feedback_once": {"language"},
    "bare_thanks": set(),
}

CHECKS = {
    "patterns": check_patterns,
    "links": check_links,
    "link_paths": check_link_paths,
    "contact_details": check_contact_details,
    "reply_window": check_reply_window,
    "quiet_hours": check_quiet_hours,
    "attachments": check_attachments,
    "feedback_once": check_feedback_once,
    "bare_thanks": check_bare_thanks,
}
