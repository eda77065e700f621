"""One file given to `sellerdesk inbound` for a webhook channel -> the HTTP delivery it stands for.

Two forms are read:
- a capture: a JSON object {"body": "...", "headers": {...}, "query": {...}, "url": "..."} (only
  these keys, "body" a string) — what we record of a request received over HTTP;
- anything else is a bare body: the bytes the platform POSTs (JSON, or XML for WeChat), as other
  projects keep them in their test suites. Headers and query are missing, so the signature
  cannot be checked: the receiver's `from_bare_body` fills in what the platform's headers would
  have said (Shopify's topic) and the delivery is processed as trusted, the operator having
  chosen the file. A JSON list is a bare body like any other: the receivers refuse it, naming
  its type (a file holding several bodies must be split, one body per file).
"""

from __future__ import annotations

import json

from sellerdesk.channels.webhooks import HttpDelivery

CAPTURE_KEYS = {"body", "headers", "query", "url"}


def _strings(value) -> dict[str, str] | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        return None
    return {str(k): str(v) for k, v in value.items()}


def as_capture(content: bytes) -> HttpDelivery | None:
    """The delivery a capture file records, or None when the file is not a capture."""
    if not content.lstrip()[:1] == b"{":
        return None
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("body"), str) or not set(data) <= CAPTURE_KEYS:
        return None
    headers, query = _strings(data.get("headers")), _strings(data.get("query"))
    if headers is None or query is None:
        return None  # a "headers" that is not an object: not our wrapper, so a bare body
    return HttpDelivery(body=data["body"].encode("utf-8"), headers=headers, query=query, url=str(data.get("url") or ""))
