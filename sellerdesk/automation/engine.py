"""Rules in, decisions out: which enabled rules an event matches, and running them once.

`rules_for(event)` returns the enabled rules compiled (functions looked up, parameters checked),
cached per process and re-read when the rules table changes (one small query per event).
`evaluate(ctx, rules)` is pure: the rules whose conditions hold. `run(rule, ctx, key)` runs a
matched rule's actions once per (rule, key) — the Fire row's unique key makes a re-delivered
event a no-op — with the safety rules in front of anything that goes to the buyer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from sellerdesk.automation import quiet, safety
from sellerdesk.automation.context import Context
from sellerdesk.automation.registry import ACTIONS, CONDITIONS, Entry, load

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Step:
    entry: Entry
    params: dict
    negate: bool = False

    def holds(self, ctx: Context) -> bool:
        return bool(self.entry.fn(ctx, **self.params)) != self.negate


@dataclasses.dataclass(frozen=True)
class Compiled:
    id: int
    key: str
    name: str
    version: int
    event: str
    delay_minutes: int
    cancel_on: tuple[str, ...]
    conditions: tuple[Step, ...]
    send_when: tuple[Step, ...]
    actions: tuple[Step, ...]
    fallback: tuple[Step, ...]

    @property
    def buyer_facing(self) -> bool:
        return any(s.entry.buyer_facing for s in self.actions)


def compile_rule(rule_id: int, key: str, name: str, version: int, event: str, definition: dict) -> Compiled:
    load()

    def steps(items, table):
        return tuple(Step(table[i["type"]], dict(i.get("params") or {}), bool(i.get("not"))) for i in items or [])

    trigger = definition.get("trigger") or {}
    return Compiled(
        id=rule_id, key=key or "", name=name, version=version, event=event,
        delay_minutes=int(trigger.get("delay_minutes") or 0), cancel_on=tuple(trigger.get("cancel_on") or ()),
        conditions=steps(definition.get("conditions"), CONDITIONS), send_when=steps(definition.get("send_when"), CONDITIONS),
        actions=steps(definition.get("actions"), ACTIONS), fallback=steps(definition.get("fallback"), ACTIONS),
    )


# --- the enabled rules, cached per process ---------------------------------------------------

_cache: dict = {"stamp": None, "by_event": {}, "cancelling": frozenset()}


def _stamp():
    from sellerdesk.automation.models import Rule, Switch

    stats = Rule.objects.filter(is_enabled=True).aggregate(n=Count("id"), at=Max("updated_at"), v=Max("version"))
    on = Switch.objects.filter(pk=1).values_list("is_on", flat=True).first()
    return (stats["n"], stats["at"], stats["v"], on is not False)


def enabled_rules() -> tuple[dict[str, list[Compiled]], frozenset[str], bool]:
    """(rules by event, events that cancel scheduled rows, switch on) — re-read when anything changed."""
    from sellerdesk.automation.models import Rule

    stamp = _stamp()
    if stamp != _cache["stamp"]:
        by_event: dict[str, list[Compiled]] = {}
        for r in Rule.objects.filter(is_enabled=True).order_by("position", "id"):
            try:
                c = compile_rule(r.pk, r.key or "", r.name, r.version, r.event, r.definition)
            except KeyError as exc:  # a condition/action whose module is gone: the rule is skipped, loudly
                log.error("automation rule %s (%s) names an unknown step %s; skipped", r.pk, r.name, exc)
                continue
            by_event.setdefault(r.event, []).append(c)
        cancelling = frozenset(e for rules in by_event.values() for c in rules for e in c.cancel_on)
        _cache.update(stamp=stamp, by_event=by_event, cancelling=cancelling)
    return _cache["by_event"], _cache["cancelling"], stamp[3] and stamp[0] > 0


def forget_rules() -> None:
    _cache["stamp"] = None


# --- deciding --------------------------------------------------------------------------------


def evaluate(ctx: Context, rules: list[Compiled]) -> list[Compiled]:
    """The rules (of ctx.event) whose conditions all hold, in order."""
    return [r for r in rules if r.event == ctx.event and all(s.holds(ctx) for s in r.conditions)]


@dataclasses.dataclass
class ActionRun:
    """What an action gets: the event's context, the rule, and whether this is a dry run."""

    ctx: Context
    rule: Compiled
    now: dt.datetime
    dry: bool = False
    fire: object = None  # the Fire row (not in a dry run)
    previews: list = dataclasses.field(default_factory=list)  # dry run: messages as the buyer would see them
    sent: bool = False  # a buyer-facing action reached the buyer's channel

    @property
    def conversation(self):
        return self.ctx.conversation


@dataclasses.dataclass
class Outcome:
    outcome: str  # sent | done | blocked | deferred | failed
    reasons: list[str]
    actions: list[dict]
    due_at: dt.datetime | None = None  # deferred: when it will be sent
    previews: list = dataclasses.field(default_factory=list)


class Blocked(Exception):
    """A buyer-facing action refused to send: the reason is recorded (compliance:..., no_conversation...)."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def gate(rule: Compiled, ctx: Context, now: dt.datetime, *, dry: bool = False) -> list[str]:
    """Why this rule's messages to the buyer must not go out now ([] = they may)."""
    reasons = safety.stops(ctx)
    failed = [s.entry.name for s in rule.send_when if not s.holds(ctx)]
    reasons += [f"condition:{name}" for name in failed]
    if not reasons and not dry:
        limited = safety.rate_limited(ctx, now)
        if limited:
            reasons.append(limited)
    return reasons


def decide(rule: Compiled, ctx: Context, now: dt.datetime, *, dry: bool = False, fire=None, only_buyer_facing: bool = False) -> Outcome:
    """Run (or, dry, describe) the rule's actions. The caller holds the transaction."""
    run = ActionRun(ctx=ctx, rule=rule, now=now, dry=dry, fire=fire)
    done: list[dict] = []
    reasons: list[str] = []
    outcome = "done"
    facing = [s for s in rule.actions if s.entry.buyer_facing]
    others = [s for s in rule.actions if not s.entry.buyer_facing]
    if not only_buyer_facing:
        for step in others:
            done.append(_call(step, run))
    if facing:
        reasons = gate(rule, ctx, now, dry=dry)
        if not reasons and ctx.check_quiet and ctx.buyer_zones and quiet.is_quiet(ctx.buyer_zones, now):
            return Outcome("deferred", [safety.QUIET], done, due_at=quiet.next_send_time(ctx.buyer_zones, now), previews=run.previews)
        if not reasons:
            for step in facing:
                try:
                    done.append(_call(step, run))
                except Blocked as exc:
                    reasons.append(exc.reason)
                    done.append({"type": step.entry.name, "blocked": exc.reason, "detail": exc.detail})
                    break
        if reasons:
            outcome = "blocked"
            for step in rule.fallback:
                done.append(_call(step, run))
        else:
            outcome = "sent"
    return Outcome(outcome, reasons, done, previews=run.previews)


def _call(step: Step, run: ActionRun) -> dict:
    result = step.entry.fn(run, **step.params) or {}
    return {"type": step.entry.name, **result}


def run(rule: Compiled, ctx: Context, key: str, now: dt.datetime):
    """Run a matched rule once for `key`; None when it already ran for this key."""
    from sellerdesk.automation.models import Fire

    with transaction.atomic():
        try:
            with transaction.atomic():
                fire = Fire.objects.create(
                    rule_id=rule.id, version=rule.version, key=key[:200], event=ctx.event, conversation=ctx.conversation,
                    order_id=ctx.order.pk if ctx.order else None, customer=ctx.customer, outcome=Fire.Outcome.DONE, created_at=now,
                )
        except IntegrityError:
            return None  # this event already fired this rule: a re-delivery
        return _finish(rule, ctx, fire, now)


def rerun_deferred(rule: Compiled, ctx: Context, fire, now: dt.datetime):
    """A send held for the buyer's morning: its buyer-facing actions, through every check again."""
    with transaction.atomic():
        return _finish(rule, ctx, fire, now, only_buyer_facing=True)


def _finish(rule: Compiled, ctx: Context, fire, now: dt.datetime, *, only_buyer_facing: bool = False):
    from sellerdesk.automation.models import Scheduled
    from sellerdesk.conversations.events import record

    try:
        with transaction.atomic():  # a failing action undoes its own writes, and the fire says why
            result = decide(rule, ctx, now, fire=fire, only_buyer_facing=only_buyer_facing)
    except Exception as exc:
        log.exception("automation: rule %s (%s) failed on %s", rule.id, rule.name, ctx.event)
        result = Outcome("failed", [f"error:{type(exc).__name__}"], [{"error": str(exc)[:500]}])
    fire.outcome = result.outcome
    fire.reasons = result.reasons
    fire.actions = [*(fire.actions or []), *result.actions] if only_buyer_facing else result.actions
    if result.outcome == "sent":
        fire.sent_at = now
    fire.save()
    if result.outcome == "deferred":
        Scheduled.objects.get_or_create(
            rule_id=rule.id, key=f"quiet:{fire.pk}",
            defaults=dict(version=rule.version, kind=Scheduled.Kind.QUIET, event=ctx.event, conversation=ctx.conversation,
                          order_id=ctx.order.pk if ctx.order else None, customer=ctx.customer, data=ctx.data, fire=fire,
                          event_at=ctx.event_at, due_at=result.due_at, created_at=now),
        )
    record(
        "automation_fired", conversation=ctx.conversation, rule_id=rule.id, rule=rule.name, version=rule.version,
        trigger=ctx.event, outcome=result.outcome, reasons=result.reasons, actions=result.actions,
        due_at=result.due_at.isoformat() if result.due_at else None, fire_id=fire.pk,
    )
    return fire
