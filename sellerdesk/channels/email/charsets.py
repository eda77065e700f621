"""Bytes in a declared charset -> text, tolerant of the labels real mailers get wrong.

Mailers label GBK text "gb2312", cp932 text "shift_jis", HKSCS text "big5",
UTF-8 text "iso-8859-1". Each label maps to the widest codec of its family;
when the label is unknown or the bytes do not fit it, charset-normalizer
guesses and the caller flags the message "charset-fallback".
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_FAMILIES: dict[str, tuple[str, ...]] = {
    "gb18030": ("gb18030",),
    "big5hkscs": ("big5hkscs", "cp950"),
    "iso2022_jp": ("iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3", "iso2022_jp_2004"),
    "cp932": ("cp932", "shift_jis_2004"),
    "euc_jp": ("euc_jp", "euc_jis_2004", "cp932"),
    "cp949": ("cp949",),
    "cp1252": ("cp1252", "latin-1"),
}
_LABELS: dict[str, str] = {
    **dict.fromkeys(("gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "chinese", "csgb2312", "x-euc-cn"), "gb18030"),
    **dict.fromkeys(("big5", "big5-hkscs", "big5hkscs", "x-big5", "cn-big5", "csbig5", "cp950"), "big5hkscs"),
    **dict.fromkeys(("iso-2022-jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "iso-2022-jp-2004", "csiso2022jp"), "iso2022_jp"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "shift_jisx0213"), "cp932"),
    **dict.fromkeys(("euc-jp", "x-euc-jp", "cseucpkdfmtjapanese"), "euc_jp"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "korean", "cseuckr", "cp949", "uhc", "windows-949"), "cp949"),
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii", "ansi_x3.4-1968"), "cp1252"),
}
# Old names of the Unicode forms (RFC 1642's UTF-7 label, still sent by some mailers) that
# Python's codecs do not know.
_UNICODE_ALIASES = {"unicode-1-1-utf-7": "utf-7", "csunicode11utf7": "utf-7", "x-unicode20utf7": "utf-7",
                    "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8", "x-utf-8": "utf-8"}
# Labels whose every byte decodes: a wrong one never fails, so UTF-8 bytes under them must be caught.
_SINGLE_BYTE_PREFIXES = ("iso-8859", "iso8859", "windows-125", "cp125", "latin", "us-ascii", "ascii", "koi8", "mac")


def _codecs_for(label: str) -> tuple[str, ...] | None:
    """The codecs to try for a label; None when the label is unknown."""
    family = _LABELS.get(label)
    if family:
        return _FAMILIES[family]
    try:
        return (codecs.lookup(label).name,)
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def guess(data: bytes) -> str:
    """Best-effort text for bytes of unknown encoding."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return data.decode("utf-8", "replace")
    # Western Latin text fits several single-byte codepages equally well; shop mail is far more often cp1252.
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos + 0.01), None)
    return str(western or best)


def decode(data: bytes, label: str | None) -> tuple[str, bool]:
    """(text, used_fallback). Never raises; NULs are dropped (PostgreSQL text cannot hold them)."""
    label = (label or "").strip().strip('"').lower()
    text, fallback = _decode(data or b"", _UNICODE_ALIASES.get(label, label))
    return text.lstrip("\ufeff").replace("\x00", ""), fallback


def _decode(data: bytes, label: str) -> tuple[str, bool]:
    if not data:
        return "", False
    if label.startswith(("utf-16", "utf-32", "utf-7")):
        text = _strict(data, label)
        return (text, False) if text is not None else (guess(data), True)
    is_ascii = data.isascii()
    if b"\x1b$" in data and not label.startswith("iso-2022"):
        # Unlabelled (or mislabelled) ISO-2022-JP: 7-bit bytes with JIS escape sequences.
        for codec in _FAMILIES["iso2022_jp"]:
            text = _strict(data, codec)
            if text is not None:
                return text, bool(label) and label not in ("us-ascii", "ascii")
    if is_ascii and not label.startswith("iso-2022"):
        return data.decode("ascii"), False
    if not label:
        # No label: RFC 2045 says US-ASCII, today's mailers mean UTF-8.
        text = _strict(data, "utf-8")
        return (text, False) if text is not None else (guess(data), True)
    candidates = _codecs_for(label)
    if candidates is None:
        return guess(data), True
    if label.startswith(_SINGLE_BYTE_PREFIXES) and not is_ascii:
        text = _strict(data, "utf-8")
        if text is not None:  # valid multi-byte UTF-8 under a single-byte label is never an accident
            return text, True
    for codec in candidates:
        text = _strict(data, codec)
        if text is not None:
            return text, False
    return guess(data), True
