"""Find contact details in a reply, however they are disguised.

- e-mail addresses, plain or spelled out in any of our languages
  ("name (at) shop (dot) com", "info at shop punkt de", "soporte arroba tienda punto com",
  "service艾特shop点com", "help 골뱅이 shop 닷컴", "sales @ shop . com");
- phone numbers in the national or international format of any marketplace country,
  read with `phonenumbers` for every region given (not one guessed from the language);
- vanity numbers ("1-800-FIX-LAMP");
- messenger IDs ("WeChat ID: shop_88", "LINE ID: @abc-shop", "카카오톡 아이디 happyshop").

Order and tracking numbers, product codes, dates, postal codes and amounts are not
phone numbers: known shapes are masked first, a number right after words like
"tracking" or "order" is skipped, and a long unbroken run of digits counts only
right after a phone word ("Tel", "电话", "전화"...).
"""

from __future__ import annotations

import re

import phonenumbers

from sellerdesk.replies.compliance import links

EMAIL_KIND = ("email address", "电子邮件地址")
PHONE_KIND = ("phone number", "电话号码")
MESSENGER_KIND = ("messenger ID", "即时通讯账号")

# Parts start at a token's beginning and have bounded lengths, so a long run of letters costs linear time.
EMAIL = re.compile(r"(?<![A-Za-z0-9_.%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}")

# "@" and "." spelled out: English, German, French, Spanish/Portuguese, Italian, Dutch, Polish, Korean, Chinese, Japanese.
_AT_FOREIGN = r"arroba|arobase|chiocciola|apenstaartje|apestaart|małpa|malpa|골뱅이|앳|艾特|アットマーク"
_DOT_WORDS = r"dot|punkt|point|punto|ponto|kropka|punt"
_DOT_CJK = r"닷|点|點|ドット"
_TLDS = r"com|net|org|info|biz|shop|store|co|io|me|eu|de|at|ch|fr|be|es|it|nl|pl|pt|uk|us|ca|mx|br|jp|cn|kr|hk|tw|au|in|se|dk|no|fi|ie|cz|ru|tr"
_BRACKETED_AT = rf"[(\[{{<]\s*(?:at|{_AT_FOREIGN}|@)\s*[)\]}}>]"
_BRACKETED_DOT = rf"\s*[(\[{{<]\s*(?:{_DOT_WORDS}|{_DOT_CJK}|\.)\s*[)\]}}>]\s*"
_SPELLED_DOT = rf"(?:{_BRACKETED_DOT}|\s*(?<![\w])(?:{_DOT_WORDS})(?![\w])\s*|\s*(?:{_DOT_CJK})\s*)"
_ANY_DOT = rf"(?:{_SPELLED_DOT}|\s*\.\s*)"
# ASCII only: a CJK character before or after is a word of the sentence, not part of the address.
_LOCAL = r"[A-Za-z0-9_.+\-]{1,64}"
_DOMAIN = r"[A-Za-z0-9\-]{1,63}"
# A bare "at" is an everyday word: "find it at myshop dot com" is a link, and "manual at myshop.com" a link too.
_NOT_LOCAL = r"(?!(?:it|us|me|them|him|her|this|that|here|there|look|available|find|shop|buy|order|online|visit|store|website|site|home|or|and|reach|write|email|mail)\s)"
EMAIL_SPELLED = re.compile(
    # bracketed "(at)", a foreign word for "@", or a spaced " @ ": any dot after it
    rf"(?<![A-Za-z0-9_.+\-]){_LOCAL}\s*(?:{_BRACKETED_AT}|(?:{_AT_FOREIGN})|\s@\s)\s*{_DOMAIN}(?:{_ANY_DOT}{_DOMAIN}){{0,2}}?{_ANY_DOT}(?:{_TLDS})(?![a-z])"
    # a bare "at" or a real "@" only with a spelled-out dot: "john at gmail dot com", "sales@shop dot com"
    rf"|(?<![A-Za-z0-9_.+\-]){_NOT_LOCAL}{_LOCAL}(?:\s+dot\s+\w{{1,30}}){{0,2}}(?:\s+at\s+|@){_DOMAIN}(?:{_ANY_DOT}{_DOMAIN}){{0,2}}?{_SPELLED_DOT}(?:{_TLDS})(?![a-z])"
    rf"|(?<![A-Za-z0-9_.+\-]){_LOCAL}\s*(?:@|골뱅이)\s*{_DOMAIN}\s*(?:닷컴|닷넷)",
    re.IGNORECASE,
)

# Shapes that look like phone numbers to a parser but are not; masked before reading numbers.
_NOT_PHONES = re.compile(
    r"\b\d{3}-\d{7}-\d{7}\b"  # Amazon order id
    r"|\b\d{2}-\d{5}-\d{5}\b"  # eBay order number
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"  # ISO dates and times
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"  # 20.11.2026, 20/11/26
    r"|\b\d+[.,]\d{2}\b(?!\d)"  # amounts: 19,99 / 1234.56
    r"|〒\s?\d{3}-?\d{4}"  # Japanese postal code
)
# Stretches that could hold a phone number; the parser only reads these, which keeps long texts linear.
_PHONE_CANDIDATE = re.compile(r"(?<![A-Za-z0-9_+])\+?[\d(][\d\s().\-/‐‑‒–—−]{4,40}\d(?![A-Za-z0-9_])")
_PHONE_WORDS = re.compile(
    r"(?:\btel\b|\btel\.|telephone|phone|\bcall|\bring\b|\btext\b|mobile|\bcell|hotline|helpline|whatsapp|\bfax"
    r"|telefon|anruf|rufen|handy|mobil|téléphone|\btél|appel|portable|teléfono|llám|llam|móvil|telefono|cellulare|chiam"
    r"|telefone|ligue|telemóvel|celular|\bbel\b|telefoon|mobiel|zadzwo|dzwoni|komórk"
    r"|電話|携帯|电话|手机|手機|致电|致電|热线|熱線|专线|전화|휴대폰|핸드폰|연락처)[^\d\n]{0,25}$",
    re.IGNORECASE,
)
_ID_WORDS = re.compile(
    r"(?:track|order|shipment|parcel|consignment|waybill|invoice|serial|\bean\b|\bupc\b|isbn|asin|model|\bsku\b|reference|\bref\b|case|ticket"
    r"|sendung|bestell|paket|rechnung|suivi|commande|colis|seguimiento|pedido|env[ií]o|tracciamento|ordine|spedizion|rastreio|encomenda"
    r"|zending|bestelling|track-and-trace|przesył|zamówien|numer przesyłki|postcode|post code|zip"
    r"|追跡|お問い合わせ番号|問い合わせ番号|伝票|注文|单号|單號|運單|运单|订单|訂單|物流|快递|快遞|运单号|邮编|郵編|운송장|송장|주문|우편)[^\n]{0,30}$",
    re.IGNORECASE,
)
# A run of this many digits without a separator is an id unless a phone word stands right before it.
_UNBROKEN_ID_DIGITS = 11
# Fewer digits than this (after the country code) is a short code or a postal code unless a phone word precedes it.
_MIN_NATIONAL_DIGITS = 8

# 1-800-FIX-LAMP, 0800 FLOWERS: a prefix of digits followed by letters that stand for digits.
_VANITY = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-])?\(?(?:\d{3,4})\)?[\s.\-](?=[A-Z0-9\-. ]*[A-Z]{3})[A-Z0-9]{2,8}(?:[\s.\-][A-Z0-9]{2,8}){0,2}(?![\w])"
)
_TOLL_FREE = re.compile(r"^(?:1)?(?:800|833|844|855|866|877|888)|^0800|^0808|^1300|^1800")

# Messenger names and the words that introduce an ID; an ID needs a digit, "_" or "@", or an ID word before it.
_APPS = (
    r"whats\s?app|we\s?chat|weixin|微信|vx|telegram|viber|skype|line|kakao\s?talk|카카오톡|카톡|qq|signal|discord|snapchat|instagram|insta|ig"
)
_MESSENGER_ID = re.compile(
    rf"(?<![A-Za-z0-9_])(?:{_APPS})\s*(?P<idword>\s(?:id|handle|username|user name|account|number)\b|id|ＩＤ|号|號|账号|帳號|アカウント|アイディ|아이디|계정)?"
    r"\s*(?:is|:|：|=|は|是)?\s*(?P<token>@?[A-Za-z0-9][\w.\-]{2,29})",
    re.IGNORECASE,
)
_HANDLE = re.compile(rf"(?<![\w@])@[A-Za-z][\w.]{{2,29}}(?=[^\n]{{0,40}}\b(?:{_APPS}|facebook|tiktok|twitter)\b)|\b(?:{_APPS}|facebook|twitter)\b[^\n]{{0,40}}?(?<![\w@])@[A-Za-z][\w.]{{2,29}}", re.IGNORECASE)
_NOT_IDS = {"me", "us", "for", "and", "the", "our", "to", "on", "at", "in", "is", "app", "chat", "message", "messages", "account", "number", "shop", "store"}


def find_emails(text: str) -> list[str]:
    found = [m.group(0) for m in EMAIL.finditer(text)]
    found += [m.group(0).strip() for m in EMAIL_SPELLED.finditer(text) if "@" not in m.group(0) or not EMAIL.search(m.group(0))]
    return list(dict.fromkeys(found))


def _mask(text: str, regexes, extra: str = "") -> str:
    for regex in regexes:
        text = regex.sub(lambda m: " " * len(m.group(0)), text)
    if extra:
        text = text.replace(extra, " " * len(extra))
    return text


def _strictly_a_phone(raw: str, before: str, national_digits: int, international: bool) -> bool:
    """A number valid only in some other marketplace country: no id word before it, not an unbroken id."""
    phone_word = bool(_PHONE_WORDS.search(before))
    if international or phone_word:
        return True
    if _ID_WORDS.search(before):
        return False
    if re.fullmatch(r"\d+", raw) and len(raw) >= _UNBROKEN_ID_DIGITS:
        return False
    return national_digits >= _MIN_NATIONAL_DIGITS


def find_phones(text: str, home_regions: list[str], other_regions: list[str] = (), order_number: str = "") -> list[str]:
    """Phone numbers valid in one of the regions. A number valid in a home region (the buyer's, the
    marketplace's) counts as it is; one valid only elsewhere must also look like a phone number in context."""
    masked = _mask(text, [EMAIL, EMAIL_SPELLED, _NOT_PHONES, links.URL], order_number)
    found: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    others = [r for r in other_regions if r not in home_regions]
    for candidate in _PHONE_CANDIDATE.finditer(masked):
        chunk = candidate.group(0)
        digits = sum(ch.isdigit() for ch in chunk)
        if digits < 6:
            continue  # too short for a phone number anywhere (and the parsers are the costly part)
        before = masked[max(0, candidate.start() - 40):candidate.start()]
        # After "tracking" or "order" (and no phone word), no other country's reading is tried.
        strict_possible = not (_ID_WORDS.search(before) and not _PHONE_WORDS.search(before) and not chunk.startswith("+"))
        for home, regions in ((True, home_regions), (False, others if strict_possible else [])):
            for region in regions:
                for m in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=phonenumbers.Leniency.VALID):
                    e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
                    if e164 in found or m.raw_string in found.values():
                        continue
                    start, end = candidate.start() + m.start, candidate.start() + m.end
                    # a piece of a longer run of digits (a 12-digit tracking number) is no phone number
                    if masked[start - 1:start].isdigit() or masked[end:end + 1].isdigit():
                        continue
                    before = masked[max(0, start - 40):start]
                    international = m.raw_string.startswith("+") or m.raw_string.startswith("00")
                    if home or _strictly_a_phone(m.raw_string, before, len(str(m.number.national_number)), international):
                        found[e164] = m.raw_string
                        spans.append((start, end, m.raw_string))
    # "98765-4321" inside "(11) 98765-4321", read by another country, is the same number
    phones = [raw for start, end, raw in spans if not any(lo <= start and end <= hi and (lo, hi) != (start, end) for lo, hi, _ in spans)]
    phones += [m.group(0) for m in _VANITY.finditer(text) if _vanity(m.group(0))]
    return list(dict.fromkeys(phones))


def _vanity(raw: str) -> bool:
    digits = re.sub(r"\D", "", phonenumbers.convert_alpha_characters_in_number(raw))
    if _TOLL_FREE.match(digits):
        return True
    # a North American number: area code + 7 (extra letters are often added to spell the word out)
    national = digits[1:] if digits.startswith("1") else digits
    if len(national) >= 10:
        number = phonenumbers.parse(national[:10], "US")
        return phonenumbers.is_valid_number(number)
    return False


def find_messenger_ids(text: str) -> list[str]:
    found: list[tuple[int, int, str]] = []
    for m in _MESSENGER_ID.finditer(text):
        token = m.group("token").rstrip(".-")
        if token.lower() in _NOT_IDS:
            continue
        if m.group("idword") or token.startswith("@") or re.search(r"[\d_]", token):
            end = m.end("token") - (len(m.group("token")) - len(token))
            found.append((m.start(), end, text[m.start():end].strip()))
    for m in _HANDLE.finditer(text):
        # the same handle already found with its messenger name is not a second finding
        if not any(start < m.end() and m.start() < end for start, end, _ in found):
            found.append((m.start(), m.end(), m.group(0).strip()))
    return list(dict.fromkeys(excerpt for _, _, excerpt in found))


def find_contacts(
    text: str, home_regions: list[str], other_regions: list[str] = (), order_number: str = "",
) -> list[tuple[tuple[str, str], str]]:
    """[(kind (en, zh), excerpt)] in order: e-mail addresses, phone numbers, messenger IDs."""
    out = [(EMAIL_KIND, e) for e in find_emails(text)]
    out += [(PHONE_KIND, p) for p in find_phones(text, home_regions, other_regions, order_number)]
    out += [(MESSENGER_KIND, i) for i in find_messenger_ids(text)]
    return out
