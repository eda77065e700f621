"""Test before trust: what rules would do on given messages, without writing or sending anything.

`run_rows` takes rows in the evaluation format — `id`, `text`, optional `subject`, `channel`,
`lang`, `marketplace`, `country`, `at` (ISO time, for quiet hours), `follow_up` (the buyer wrote
before in the conversation), `order` {number, status,
carrier, tracking_number, tracking_status, tracking_url, tracking_updated_at, delivered_at}, and
optional `triage` {intent, intent_confidence, tier, sentiment, language, and optionally
tier1_probability and intent_scores} to use instead of running
triage on the text (a top-level `intent` is a label and is ignored) — and returns one result per
row: the rules that fire, what each would do, the safety rules that stopped any, and each
message as the buyer would see it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sellerdesk.automation import engine
from sellerdesk.automation.context import Context, OrderView
from sellerdesk.automation.registry import RuleError, validate_definition
from sellerdesk.lib import clock
from sellerdesk.lib.timestamps import parse_iso_or_none


class Buyer:
    """The customer of a dry-run row (no row in the database)."""

    def __init__(self, name: str = ""):
        self.name = name


def load_rules(source: str) -> list[engine.Compiled]:
    """'default': the built-in recipes (as if switched on); 'enabled': the database's enabled rules;
    else a JSON file holding one rule or a list of them (the recipe file format)."""
    from sellerdesk.automation import recipes

    if source == "enabled":
        by_event, _, _ = engine.enabled_rules()
        return [r for rules in by_event.values() for r in rules]
    if source == "default":
        items = list(recipes.default_recipes())
    else:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
    compiled = []
    for i, item in enumerate(items):
        where = item.get("key") or item.get("name") or f"rule {i + 1}"
        try:
            definition = validate_definition(item.get("event", ""), item.get("definition") or {})
        except RuleError as exc:
            raise RuleError(f"{where}: {exc.field}", str(exc).split(": ", 1)[-1]) from None
        compiled.append(engine.compile_rule(item.get("id") or 0, item.get("key") or "", item.get("name") or where,
                                            int(item.get("version") or 1), item["event"], definition))
    return compiled


def _triaged(rows: list[dict]) -> list[dict]:
    """Each row's triage: given, or computed on its text (in one batch)."""
    from sellerdesk import triage

    todo = [i for i, r in enumerate(rows) if not isinstance(r.get("triage"), dict)]
    results = triage.analyze_many([triage.Message(text=str(rows[i].get("text") or ""), subject=str(rows[i].get("subject") or "")) for i in todo])
    out: list[dict] = [dict(r["triage"]) if isinstance(r.get("triage"), dict) else {} for r in rows]
    for i, res in zip(todo, results):
        out[i] = {"intent": res.intent, "intent_confidence": res.intent_confidence, "tier": res.tier,
                  "sentiment": res.sentiment, "language": res.language,
                  "tier1_probability": res.tier1_probability, "intent_scores": dict(res.intent_scores)}
    return out


def _given_scores(tri: dict) -> dict:
    """A given triage with its tier-1 score and intent scores: used as they are. Without them
    (an older file's `triage` object) the text is read again when a rule asks."""
    if "tier1_probability" in tri and isinstance(tri.get("intent_scores"), dict):
        return {"triage_scores": (float(tri["tier1_probability"]), {str(k): float(v) for k, v in tri["intent_scores"].items()})}
    return {}


def context_for_row(row: dict, tri: dict, now: dt.datetime) -> Context:
    at = parse_iso_or_none(row.get("at")) if row.get("at") else None
    when = at or now
    order = OrderView.from_row(row["order"], when) if isinstance(row.get("order"), dict) else None
    return Context(
        event=str(row.get("event") or "message.received"), now=when, event_at=when, data={},
        customer=Buyer(str(row.get("name") or "")), order=order,
        channel=str(row.get("channel") or "email"), marketplace=str(row.get("marketplace") or ""),
        language=str(tri.get("language") or row.get("lang") or ""), intent=str(tri.get("intent") or ""),
        intent_confidence=float(tri.get("intent_confidence") or 0.0), tier=int(tri.get("tier") or 3),
        sentiment=str(tri.get("sentiment") or ""), text=str(row.get("text") or ""), subject=str(row.get("subject") or ""),
        is_vip=bool(row.get("vip")), country=str(row.get("country") or ""), last_inbound_at=when,
        given={"has_claim": bool(row.get("claim")), "tags": row.get("tags") or [], "order_count": row.get("order_count"),
               "follow_up": bool(row.get("follow_up")),
               **_given_scores(tri)},
        check_quiet=at is not None,
    )


def run_rows(rows: list[dict], rules: list[engine.Compiled], *, now: dt.datetime | None = None) -> list[dict]:
    now = now or clock.now()
    tris = _triaged(rows)
    results = []
    for row, tri in zip(rows, tris):
        ctx = context_for_row(row, tri, now)
        fired, stopped, previews = [], [], []
        for rule in engine.evaluate(ctx, rules):
            outcome = engine.decide(rule, ctx, ctx.now, dry=True)
            fired.append({"rule": rule.id or rule.key, "key": rule.key, "name": rule.name, "version": rule.version,
                          "outcome": "scheduled" if rule.delay_minutes else outcome.outcome,
                          "delay_minutes": rule.delay_minutes, "actions": outcome.actions, "stopped_by": outcome.reasons})
            stopped += [r for r in outcome.reasons if r not in stopped]
            previews += outcome.previews
        results.append({
            "id": row.get("id"), "language": ctx.language, "intent": ctx.intent, "intent_confidence": round(ctx.intent_confidence, 3),
            "tier": ctx.tier, "sentiment": ctx.sentiment, "fired": fired, "stopped_by": stopped, "previews": previews,
        })
    return results


def auto_answered(result: dict) -> bool:
    """A message would have gone to the buyer for this row."""
    return any(f["outcome"] == "sent" for f in result["fired"])
