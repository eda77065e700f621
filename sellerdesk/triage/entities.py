"""Entities in buyer text: order numbers, tracking numbers, emails, phones, amounts.

Patterns are tried most specific first; a span taken by one entity is not
reused by a later, looser pattern (a tracking number is never also a phone).
Bare digit runs that several carriers or platforms use (12, 13, 15 digits) are
decided by the words just before them ("tracking", "Sendung", "order", "FedEx").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers


@dataclass(frozen=True)
class Entity:
    kind: str  # order | tracking | email | phone | amount
    value: str  # normalised: digits of an order, E.164 phone, "12.50" amount
    source: str  # platform, carrier or currency: amazon, ups, EUR ...
    start: int
    end: int

    def as_dict(self) -> dict:
        return asdict(self)


_TRACKING_WORDS = re.compile(
    r"(track|tracking|sendung|suivi|seguimiento|rastreamento|spedizione|tracciamento|zending|przesył|"
    r"追跡|問い合わせ番号|伝票|快递|运单|单号|물류|송장|운송장|พัสดุ|vận đơn|resi|kargo|spårning|kolli)",
    re.IGNORECASE,
)
_ORDER_WORDS = re.compile(
    r"(order|bestellung|auftrag|commande|pedido|ordine|bestelling|zamówieni|注文|订单|訂單|주문|คำสั่งซื้อ|"
    r"đơn hàng|pesanan|sipariş|beställning|طلب|PO\b|purchase)",
    re.IGNORECASE,
)
_CARRIER_NAMES = [
    ("fedex", re.compile(r"fed\s?ex", re.I)),
    ("dhl", re.compile(r"\bdhl\b", re.I)),
    ("ups", re.compile(r"\bups\b", re.I)),
    ("usps", re.compile(r"\busps\b", re.I)),
    ("japan_post", re.compile(r"japan post|日本郵便|ゆうパック|ゆうパケット|郵便局", re.I)),
    ("sf", re.compile(r"\bsf\b|顺丰|順豐", re.I)),
]

# (kind, source, pattern) — order matters: first match claims the span.
_PATTERNS: list[tuple[str, str, re.Pattern]] = [
    ("tracking", "ups", re.compile(r"\b1Z[0-9A-Z]{16}\b")),
    ("tracking", "yunexpress", re.compile(r"\bYT\d{16}\b")),
    ("tracking", "cainiao", re.compile(r"\b(?:LP\d{14}|CN[A-Z]{2}\d{11,14}[A-Z]{0,3}|CAINIAO\d+)\b")),
    ("tracking", "4px", re.compile(r"\b4PX\d{10,18}(?:CN)?\b")),
    ("tracking", "sf", re.compile(r"\bSF\d{12,13}\b")),
    ("tracking", "dhl", re.compile(r"\b(?:JJD\d{10,20}|GM\d{16,18}|JVGL\d{8,16})\b")),
    ("tracking", "s10", re.compile(r"\b[A-Z]{2}\d{9}[A-Z]{2}\b")),  # UPU format: the suffix names the post
    ("order", "amazon", re.compile(r"\b\d{3}-\d{7}-\d{7}\b")),
    ("order", "ebay", re.compile(r"\b\d{2}-\d{5}-\d{5}\b")),
    ("tracking", "usps", re.compile(r"\b(?:9[1-5]\d{18,20}|420\d{5}9[1-5]\d{18,20})\b")),
    ("order", "walmart", re.compile(r"(?<![\w#])#?(?:\d{13}|\d{15})\b")),
    ("order", "tiktok", re.compile(r"\b\d{18,19}\b")),
    # Bare digit runs: only with a hint before them, except FedEx's common lengths.
    ("bare", "fedex", re.compile(r"\b(?:\d{12}|\d{15}|\d{20}|\d{22})\b")),
    ("bare", "japan_post", re.compile(r"\b\d{4}-\d{4}-\d{4}\b|\b\d{11}\b")),
    ("bare", "dhl", re.compile(r"\b\d{10}\b")),
    ("order", "shopify", re.compile(r"(?<![\w&])#\d{3,7}\b")),
]
_S10_SUFFIX = {
    "GB": "royal_mail", "JP": "japan_post", "CN": "china_post", "US": "usps", "YP": "yanwen", "DE": "dhl",
}
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_CURRENCY = [
    ("USD", r"US\$|\$|USD"), ("EUR", r"€|EUR|euros?"), ("GBP", r"£|GBP"), ("JPY", r"円|JPY"),
    ("CNY", r"元|RMB|CNY|人民币"), ("KRW", r"₩|원|KRW"), ("BRL", r"R\$|BRL"), ("PLN", r"zł|PLN"),
    ("THB", r"฿|บาท|THB"), ("VND", r"₫|VND|đồng"), ("IDR", r"Rp\.?|IDR"), ("MYR", r"RM|MYR"),
    ("TRY", r"₺|TL|TRY"), ("SEK", r"SEK|kr"), ("CHF", r"CHF"), ("AUD", r"A\$|AUD"), ("CAD", r"C\$|CAD"),
    ("YEN", r"¥"),
]
_CUR_ALT = "|".join(f"(?P<{code}>{pat})" for code, pat in _CURRENCY)
_NUM = r"\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?:(?:{_CUR_ALT})\s?(?P<n1>{_NUM})|(?P<n2>{_NUM})\s?(?:{_CUR_ALT.replace('?P<', '?P<s_')}))(?![A-Za-z0-9])"
)
# Where a phone's region is not written (+..), guess it from the language.
_REGION_OF_LANGUAGE = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "ja": "JP", "zh": "CN", "pt": "BR", "nl": "NL",
    "pl": "PL", "ko": "KR", "th": "TH", "vi": "VN", "id": "ID", "ms": "MY", "ar": "SA", "tr": "TR", "sv": "SE",
}


def _context_source(text: str, start: int, default: str) -> tuple[str, str] | None:
    """For an ambiguous bare number: (kind, source) from the words just before it."""
    before = text[max(0, start - 40) : start]
    for carrier, pattern in _CARRIER_NAMES:
        if pattern.search(before):
            return "tracking", carrier
    if _TRACKING_WORDS.search(before):
        return "tracking", default
    if _ORDER_WORDS.search(before):
        return "order", default
    return None


def _classify(kind: str, source: str, match: re.Match, text: str) -> tuple[str, str] | None:
    raw = match.group(0)
    if source == "s10":
        return "tracking", _S10_SUFFIX.get(raw[-2:], "post")
    if source == "walmart":
        # Walmart numbers carry a # or sit after "order"; else a 15-digit run is FedEx's.
        ctx = _context_source(text, match.start(), "walmart")
        if ctx and ctx[0] == "tracking":
            return "tracking", ctx[1] if ctx[1] != "walmart" else "fedex"
        if raw.startswith("#") or ctx:
            return "order", "walmart"
        return ("tracking", "fedex") if len(raw) == 15 else None
    if source == "tiktok":
        ctx = _context_source(text, match.start(), "tiktok")
        return ("tracking", ctx[1] if ctx[1] != "tiktok" else "tracking") if ctx and ctx[0] == "tracking" else ("order", "tiktok")
    if kind == "bare":
        ctx = _context_source(text, match.start(), source)
        if source == "dhl" and not ctx:
            return None  # ten bare digits are as likely a phone number
        if ctx and ctx[0] == "order":
            return "order", "unknown"
        if source == "japan_post" and "-" not in raw and not ctx:
            return None
        return "tracking", ctx[1] if ctx else source
    return kind, source


def _amount(match: re.Match) -> tuple[str, str]:
    groups = {k: v for k, v in match.groupdict().items() if v}
    currency = next(k.removeprefix("s_") for k in groups if k not in ("n1", "n2"))
    number = groups.get("n1") or groups.get("n2") or "0"
    number = number.replace(" ", "")
    # "1.234,56" / "1,234.56" / "12,50": the last separator followed by 1-2 digits is the decimal one.
    m = re.match(r"^(.*?)([.,](\d{1,2}))?$", number)
    whole = re.sub(r"[.,]", "", m.group(1))
    cents = m.group(3) or ""
    try:
        value = Decimal(f"{whole}.{cents}" if cents else whole)
    except InvalidOperation:
        value = Decimal(0)
    return str(value), "JPY" if currency == "YEN" else currency


def extract(text: str, *, language: str = "", numbers_only: bool = False) -> list[Entity]:
    """`numbers_only`: order and tracking numbers (and the e-mail addresses, whose spans they may not
    take) without the phone and amount passes, the slow part, for a caller that shows numbers only."""
    text = text or ""
    taken: list[tuple[int, int]] = []
    found: list[Entity] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(kind: str, value: str, source: str, start: int, end: int) -> None:
        taken.append((start, end))
        found.append(Entity(kind, value, source, start, end))

    for m in _EMAIL.finditer(text):
        add("email", m.group(0).lower(), "email", m.start(), m.end())
    for kind, source, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            decided = _classify(kind, source, m, text)
            if decided:
                value = m.group(0).lstrip("#") if decided[0] == "order" else m.group(0)
                add(decided[0], value.replace("-", "") if decided[0] == "tracking" else value, decided[1], m.start(), m.end())
    if numbers_only:
        return sorted(found, key=lambda e: e.start)
    region = _REGION_OF_LANGUAGE.get(language, "US")
    # No phone number has fewer than 7 digits: skip the (slow) matcher for texts without them.
    phones = ()
    if len(_DIGIT.findall(text)) >= 7:
        phones = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    for m in phones:
        if free(m.start, m.end):
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            add("phone", e164, phonenumbers.region_code_for_number(m.number) or region, m.start, m.end)
    for m in _AMOUNT.finditer(text):
        if free(m.start(), m.end()):
            value, currency = _amount(m)
            add("amount", value, currency, m.start(), m.end())
    return sorted(found, key=lambda e: e.start)
