"""Check every row of a JSONL file (a template library, old replies) and summarise.

Only rules about the text run: reply windows and quiet hours depend on the
moment of a real send, which a file of texts does not have.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sellerdesk.replies.compliance.engine import check
from sellerdesk.replies.compliance.loader import default_rules
from sellerdesk.replies.compliance.model import SendContext

SEND_TIME_CHECKS = {"reply_window", "quiet_hours"}


def text_rules(channel: str) -> tuple:
    return tuple(r for r in default_rules() if r.check not in SEND_TIME_CHECKS and r.applies_to(channel, automated=True))


def _row_result(line_no: int, raw: bytes, channel: str, marketplace: str, rules: tuple) -> dict:
    try:
        row = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return {"id": line_no, "line": line_no, "status": "error", "rules": [], "error": f"line {line_no}: not UTF-8 ({exc.reason})"}
    except json.JSONDecodeError as exc:
        return {"id": line_no, "line": line_no, "status": "error", "rules": [], "error": f"line {line_no}: not valid JSON: {exc.msg} (column {exc.colno})"}
    row_id = row.get("id", line_no) if isinstance(row, dict) else line_no
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return {"id": row_id, "line": line_no, "status": "error", "rules": [], "error": f'line {line_no}: expected an object with a "text" string'}
    ctx = SendContext(marketplace=str(row.get("marketplace") or marketplace))
    verdict = check(row["text"], channel=str(row.get("channel") or channel), context=ctx, rules=rules)
    return {
        "id": row_id,
        "line": line_no,
        "status": verdict.status,
        "rules": verdict.rule_ids,
        "findings": [f.as_dict() for f in verdict.findings],
    }


def check_file(path: Path, *, channel: str, marketplace: str = "") -> dict:
    """{"rows": [...], "summary": {...}}; a bad line becomes a row with status "error"."""
    rules = text_rules(channel)
    rows = []
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, start=1):
            if raw.strip():
                rows.append(_row_result(line_no, raw, channel, marketplace, rules))
    statuses = Counter(r["status"] for r in rows)
    by_rule = Counter(rule_id for r in rows for rule_id in r["rules"])
    summary = {
        "n": len(rows),
        "blocked": statuses["blocked"],
        "warned": statuses["warned"],
        "clean": statuses["clean"],
        "error": statuses["error"],
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
    return {"rows": rows, "summary": summary}
