"""Check every row of a file (a template library, old replies, a labelled test table) and summarise.

Rows are JSON Lines ({"id"?, "text", "channel"?, "marketplace"?, "context"?, "lang"?,
"verdict"?, "rule"?}) or, for a file ending in .csv, a CSV table with those column
names (a "context" column holds JSON; an "order_number" column is a shortcut for it).

Only rules about the text run: reply windows and quiet hours depend on the
moment of a real send, which a file of texts does not have.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from sellerdesk.replies.compliance.engine import check
from sellerdesk.replies.compliance.evaluation import VERDICTS, evaluate
from sellerdesk.replies.compliance.loader import default_rules
from sellerdesk.replies.compliance.model import SendContext

SEND_TIME_CHECKS = {"reply_window", "quiet_hours"}
# SendContext fields a row may set; the send-time ones mean nothing for a file of texts.
ROW_CONTEXT_FIELDS = {"marketplace", "buyer_country", "order_number", "tracking_domains", "feedback_already_requested", "attachments"}


def text_rules(channel: str) -> tuple:
    return tuple(r for r in default_rules() if r.check not in SEND_TIME_CHECKS and r.applies_to(channel, automated=True))


class RowError(ValueError):
    """A row that cannot be checked; the message names the line."""


def _context(row: dict, marketplace: str, line_no: int) -> SendContext:
    raw = row.get("context") or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise RowError(f"line {line_no}: \"context\" is not valid JSON: {exc.msg}") from None
    if not isinstance(raw, dict):
        raise RowError(f'line {line_no}: "context" must be an object')
    raw = dict(raw)
    if row.get("order_number"):
        raw.setdefault("order_number", str(row["order_number"]))
    unknown = set(raw) - ROW_CONTEXT_FIELDS
    if unknown:
        raise RowError(f"line {line_no}: unknown context fields {sorted(unknown)}; known: {sorted(ROW_CONTEXT_FIELDS)}")
    raw["marketplace"] = str(raw.get("marketplace") or row.get("marketplace") or marketplace)
    raw["tracking_domains"] = tuple(raw.get("tracking_domains") or ())
    raw["attachments"] = tuple(tuple(a) for a in raw.get("attachments") or ())
    return SendContext(**raw)


def row_result(line_no: int, row: dict, channel: str | None, marketplace: str, *, semantic: bool = True) -> dict:
    row_id = row.get("id", line_no)
    try:
        if not isinstance(row.get("text"), str):
            raise RowError(f'line {line_no}: expected an object with a "text" string')
        row_channel = str(row.get("channel") or channel or "").strip().lower()
        if not row_channel:
            raise RowError(f'line {line_no}: no channel (give the row a "channel" or pass --channel)')
        verdict = str(row.get("verdict") or "").strip().lower()
        if verdict and verdict not in VERDICTS:
            raise RowError(f'line {line_no}: "verdict" must be one of {", ".join(VERDICTS)}, not {verdict!r}')
        ctx = _context(row, marketplace, line_no)
    except RowError as exc:
        failed = {"id": row_id, "line": line_no, "status": "error", "rules": [], "error": str(exc)}
        if row.get("verdict"):
            failed["verdict"] = str(row["verdict"])  # counted as unscored by the evaluation
        return failed
    result = check(row["text"], channel=row_channel, context=ctx, rules=text_rules(row_channel), semantic=semantic)
    out = {
        "id": row_id,
        "line": line_no,
        "status": result.status,
        "rules": result.rule_ids,
        "findings": [f.as_dict() for f in result.findings],
    }
    if verdict:
        out.update(channel=row_channel, lang=str(row.get("lang") or ""), verdict=verdict, expected_rule=str(row.get("rule") or ""))
    return out


def read_rows(path: Path) -> list[tuple[int, dict | str]]:
    """(line number, row) pairs; a row that cannot be read is the error message instead."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    rows: list[tuple[int, dict | str]] = []
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                rows.append((line_no, f"line {line_no}: not UTF-8 ({exc.reason})"))
                continue
            except json.JSONDecodeError as exc:
                rows.append((line_no, f"line {line_no}: not valid JSON: {exc.msg} (column {exc.colno})"))
                continue
            rows.append((line_no, row if isinstance(row, dict) else f'line {line_no}: expected an object with a "text" string'))
    return rows


def _read_csv(path: Path) -> list[tuple[int, dict | str]]:
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [(1, f"{path.name}: not UTF-8 ({exc.reason})")]
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if "text" not in (reader.fieldnames or []):
        return [(1, f'{path.name}: the header has no "text" column')]
    # Line 1 is the header; a row's line is where it starts (a quoted text may span lines).
    return [(reader.line_num, dict(row)) for row in reader if any((v or "").strip() for v in row.values())]


def check_rows(rows, *, channel: str | None, marketplace: str = "", semantic: bool = True) -> list[dict]:
    out = []
    for line_no, row in rows:
        if isinstance(row, str):
            out.append({"id": line_no, "line": line_no, "status": "error", "rules": [], "error": row})
        else:
            out.append(row_result(line_no, row, channel, marketplace, semantic=semantic))
    return out


def summarise(rows: list[dict]) -> dict:
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
    labelled = [r for r in rows if r.get("verdict")]
    if labelled:
        summary["evaluation"] = evaluate(labelled)
    return summary


def check_file(path: Path, *, channel: str | None, marketplace: str = "", semantic: bool = True) -> dict:
    """{"rows": [...], "summary": {...}}; a bad line becomes a row with status "error".

    Rows with a "verdict" (block / warn / allow) are also scored: summary["evaluation"].
    """
    rows = check_rows(read_rows(path), channel=channel, marketplace=marketplace, semantic=semantic)
    return {"rows": rows, "summary": summarise(rows)}
