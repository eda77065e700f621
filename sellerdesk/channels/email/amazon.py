"""Amazon buyer messages that arrive through the buyer-seller messaging relay.

Facts used (docs/channels.md, Platform facts → Amazon): the buyer writes from an
anonymised alias @marketplace.amazon.<tld>, stable per buyer and seller; the
subject names the buyer and the 3-7-7 order number ("Inquiry from Amazon
customer Alisa (Order: 114-1234567-1234567)"), pre-sale questions carry no
order; the display name is "Alisa - Amazon Marketplace"; the body ends with a
"no response needed" link and a [commMgrTok:…] token.

Assumptions (not confirmed by a captured mail): the buyer's text sits between
two dashed marker lines ("------------- Begin message -------------" …
"------------- End message -------------", translated per store), so any
line of six or more dashes, a short label and six or more dashes counts as a
marker; localized subjects follow the patterns in _SUBJECT_NAMES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The store a relay or notification domain belongs to ("amazon.<tld>").
MARKETPLACES = {
    "com": "US", "ca": "CA", "com.mx": "MX", "co.uk": "UK", "de": "DE", "fr": "FR", "it": "IT", "es": "ES",
    "nl": "NL", "se": "SE", "pl": "PL", "co.jp": "JP", "com.au": "AU", "ae": "AE", "sg": "SG", "com.br": "BR",
    "com.tr": "TR", "sa": "SA", "in": "IN", "com.be": "BE",
}
_RELAY = re.compile(r"@marketplace\.amazon\.([a-z.]+)$")
ORDER_NUMBER = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
_TOKEN = re.compile(r"\[commMgrTok:([A-Za-z0-9_-]+)\]")
_MARKER = re.compile(r"^[ \t]*-{6,}[ \t]*[^\s-][^\n]{0,60}?[ \t]*-{6,}[ \t]*$", re.MULTILINE)
_NAME_END = r"(?P<name>[^()（）]+?)\s*(?=[(（]|$)"
_SUBJECT_NAMES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"from Amazon customer\s+{_NAME_END}",
        rf"von Amazon-Kunden?\s+{_NAME_END}",
        rf"(?:de la part d[ue] |du |de )client(?:e)? Amazon\s+{_NAME_END}",
        rf"(?:del|de la) client[ea] de Amazon\s+{_NAME_END}",
        rf"(?:dal|del|dalla|della) cliente (?:di )?Amazon\s+{_NAME_END}",
        rf"van Amazon-klant\s+{_NAME_END}",
        r"Amazon(?:\.co\.jp)?のお客様\s*(?P<name>[^()（）]+?)\s*(?:様)?\s*(?:から|より)",
    )
]
_DISPLAY_NAME = re.compile(r"^(?P<name>.+?)\s+-\s+Amazon\b", re.IGNORECASE)


@dataclass
class Relay:
    alias: str
    marketplace: str
    order_number: str
    buyer_name: str
    token: str

    @property
    def thread_key(self) -> str:
        if self.order_number:
            return f"amazon:{self.order_number}"
        return f"amazon:tok:{self.token}" if self.token else ""


def is_relay(address: str) -> bool:
    return bool(_RELAY.search(address or ""))


def marketplace_of(tld: str) -> str:
    return MARKETPLACES.get(tld.lower().strip("."), "")


def find_order(*texts: str) -> str:
    for text in texts:
        found = ORDER_NUMBER.search(text or "")
        if found:
            return found.group(0)
    return ""


def read_relay(alias: str, display_name: str, subject: str, text: str) -> Relay:
    tld = _RELAY.search(alias).group(1)
    token = _TOKEN.search(text or "")
    return Relay(
        alias=alias,
        marketplace=marketplace_of(tld),
        order_number=find_order(subject, text),
        buyer_name=buyer_name(subject, display_name),
        token=token.group(1) if token else "",
    )


def buyer_name(subject: str, display_name: str) -> str:
    for pattern in _SUBJECT_NAMES:
        found = pattern.search(subject or "")
        if found and found.group("name").strip():
            return found.group("name").strip()
    found = _DISPLAY_NAME.match(display_name or "")
    return found.group("name").strip() if found else ""


def buyer_text(text: str) -> str:
    """The buyer's own words: what lies between the relay's two marker lines (or all of it)."""
    markers = list(_MARKER.finditer(text))
    if len(markers) >= 2 and text[markers[0].end() : markers[1].start()].strip():
        return text[markers[0].end() : markers[1].start()].strip("\n")
    return text
