"""MIME content types we accept from outside and send back in headers.

A content type comes from a buyer's mail or an API client; it goes out again as a response
header when the file is downloaded, so anything but `type/subtype[; param=value]` is refused
(API) or replaced by application/octet-stream (download).
"""

from __future__ import annotations

import re

_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
_PARAM = rf';[ \t]*{_TOKEN}=(?:{_TOKEN}|"[^"\\\x00-\x1f\x7f]*")'
PATTERN = rf"^{_TOKEN}/{_TOKEN}(?:[ \t]*{_PARAM})*$"
_VALID = re.compile(PATTERN)
FALLBACK = "application/octet-stream"


def is_valid(value: str) -> bool:
    return bool(_VALID.match(value or "")) and len(value) <= 255


def safe(value: str) -> str:
    """`value` if it is a well-formed content type, else application/octet-stream."""
    return value if is_valid(value) else FALLBACK
