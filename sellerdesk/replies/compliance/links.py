"""Find links in a reply (with or without http://) and match hosts against domain lists.

Domain entries are "ups.com" (that host and its subdomains) or "dhl.*"
(any country domain of that name: dhl.de, dhl.co.uk, dhl.com.au).
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

# Bare domains are only recognised with these endings, so "e.g." or "invoice.pdf" are not links.
_TLDS = (
    "com|net|org|info|biz|shop|store|online|site|website|app|io|co|me|ly|to|gl|gd|link|top|xyz|club|"
    "de|at|ch|fr|be|es|it|nl|pl|se|dk|no|fi|ie|pt|cz|uk|eu|us|ca|mx|br|au|nz|jp|cn|hk|tw|kr|sg|in|ae|sa|tr|ru|"
    # newer generic endings and more countries: a supplier's or a brand's site often has one
    "tech|dev|ai|tv|cc|page|blog|pro|asia|email|global|support|help|vn|th|id|my|ph|ar|cl|pe|za|il|gr|hu|ro|sk|bg|hr|si"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'）)\]】」]+"
    rf"|(?<![@\w.\-/])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'）)\]】」]*)?",
    re.IGNORECASE,
)
# "myshop dot com", "myshop(dot)com": a link spelled out to slip past a filter.
SPELLED = re.compile(r"(?<![\w\-])[a-z0-9][a-z0-9\-]{0,62}\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*(?:com|net|org|shop|store|de|fr|es|it|uk|jp|cn|eu)\b", re.IGNORECASE)
# Endings that are also everyday words ("sorry.It arrives") count only when the whole link is in lower case.
_WORDLIKE_TLDS = {
    "it", "me", "to", "in", "us", "co", "at", "be", "no", "es", "se", "de", "app", "link", "site", "top", "club",
    "page", "blog", "help", "support", "global", "pro", "email", "id", "my", "th", "ar", "pe", "il", "ai", "tv", "cc", "dev",
}
_TRAILING = ".,;:!?。，、！？"


def _bare_wordlike(link: str) -> bool:
    if "://" in link or link.lower().startswith("www.") or "/" in link:
        return False
    tld = link.rsplit(".", 1)[-1]
    # "sorry.It arrives", "Thanks.my order": a sentence typed without a space, not a domain
    return tld.lower() in _WORDLIKE_TLDS and link != link.lower()


def find_links(text: str) -> list[str]:
    found = [m.group(0).rstrip(_TRAILING) for m in URL.finditer(text)]
    found = [link for link in found if not _bare_wordlike(link)]
    return found + [m.group(0) for m in SPELLED.finditer(text)]


def split_link(link: str) -> tuple[str, str]:
    """(host, path+query) of a link, host lower-case without "www."."""
    link = re.sub(r"\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*", ".", link, flags=re.IGNORECASE)
    parts = urlsplit(link if "://" in link else f"http://{link}")
    host = (parts.hostname or "").lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    return host, tail


@cache
def _domain_regex(entry: str) -> re.Pattern:
    entry = entry.lower().strip()
    if entry.endswith(".*"):
        name = re.escape(entry[:-2])
        # one country/generic ending, or a two-part one like co.uk / com.au
        return re.compile(rf"(?:^|\.){name}\.(?:[a-z]{{2,6}}|(?:co|com|org|net|ne|or)\.[a-z]{{2}})$")
    return re.compile(rf"(?:^|\.){re.escape(entry)}$")


def host_in(host: str, entries) -> bool:
    return any(_domain_regex(e).search(host) for e in entries)
