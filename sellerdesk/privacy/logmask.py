"""A logging filter that masks buyers' contact data before a line is written anywhere.

Log lines are kept by whoever runs SellerDesk (journald, files, a log service) where an
erasure cannot reach them, so email addresses, phone numbers and postal-address fields
never reach a log in clear: "jane.doe@example.com" -> "j***@e***.com".
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-])[A-Za-z0-9.-]*\.([A-Za-z]{2,24})\b")
# +49 30 1234567 (international), (555) 123-4567 (North American), 0301234567 (9-15 digits):
# not dates, times or ids with fewer digits.
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d[\d ()-]{6,}\d|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}|\d{9,15})(?![\w])"
)
# "address1": "12 Main St", 'city': 'Berlin', zip=10115 ... in dumped payloads and reprs.
ADDRESS_FIELD = re.compile(
    r"""(?P<key>(?<![\w])["']?(?:address[12]?|street|street_address|address_line_?[123]|city|zip|postal_code|postcode|"""
    r"""province|state_or_region|phone|first_name|last_name|buyer_name|name)["']?\s*[:=]\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^,;}\s]+)""",
    re.IGNORECASE,
)


def mask(text: str) -> str:
    text = EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}***.{m.group(3)}", text)
    text = ADDRESS_FIELD.sub(lambda m: f"{m.group('key')}[masked]", text)
    return PHONE.sub("[phone]", text)


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record as the logging module made it
            return True
        masked = mask(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        record.msg, record.args = masked, None
        return True
