"""A logging filter that masks secrets in log lines: secret URL parameters, bearer tokens, passwords.

The code never logs a credential on purpose; this catches what a library or an exception text
carries by accident (a token-refresh URL with its secret in the query, an Authorization header).
"""

from __future__ import annotations

import logging
import re

_NAMES = r"[\w-]*(?:secret|token|password|passwd|sign|signature|api[_-]?key|access[_-]?key)[\w-]*"
_PATTERNS = [
    # name=value in URLs and form bodies: app_secret=..., refresh_token=..., sign=...
    (re.compile(rf"(?i)\b({_NAMES})=([^&\s\"'<>]+)"), r"\1=[redacted]"),
    # "name": "value" in JSON and dict reprs
    (re.compile(rf"""(?i)(["']{_NAMES}["']\s*:\s*)(["'])[^"']*\2"""), r"\1\2[redacted]\2"),
    # Authorization: Bearer ..., x-tts-access-token: ...
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 [redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
