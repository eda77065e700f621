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
    key: object = None  # equal for equal steps: one event evaluates each distinct condition once

    def holds(self, ctx: Context) -> bool:
        return bool(self.entry.fn(ctx, **self.params)) != self.negate


def _step(entry: Entry, params: dict, negate: bool) -> Step:
    try:
        key = (entry.name, tuple(sorted(params.items())), negate)
        hash(key)
    except TypeError:  # a dict parameter: this step is its own key
        key = None
    step = Step(entry, params, negate, key)
    return step if key is not None else dataclasses.replace(step, key=id(step))


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
        return tuple(_step(table[i["type"]], _frozen(i.get("params") or {}), bool(i.get("not"))) for i in items or [])

    trigger = definition.get("trigger") or {}
    return Compiled(
        id=rule_id, key=key or "", name=name, version=version, event=event,
        delay_minutes=int(trigger.get("delay_minutes") or 0), cancel_on=tuple(trigger.get("cancel_on") or ()),
        conditions=steps(definition.get("conditions"), CONDITIONS), send_when=steps(definition.get("send_when"), CONDITIONS),
        actions=steps(definition.get("actions"), ACTIONS), fallback=steps(definition.get("fallback"), ACTIONS),
    )


def _frozen(params: dict) -> dict:
    """Lists become tuples: conditions then reuse what they derive from them (cached by value)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}


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
    """The rules (of ctx.event) whose conditions all hold, in order.

    Sellers' rules repeat the same tests (channel is amazon, intent is order_status): each
    distinct condition is evaluated once per event and its answer reused.
    """
    memo: dict = {}
    matched = []
    for rule in rules:
        if rule.event != ctx.event:
            continue
        for step in rule.conditions:
            held = memo.get(step.key)
            if held is None:
                held = memo[step.key] = step.holds(ctx)
            if not held:
                break
        else:
            matched.append(rule)
    return matched


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
        if reasons == [safety.RATE_BURST] and safety.is_transactional(ctx.event):
            # A notice the buyer asked for is held to the end of the 10 minutes, not dropped.
            return Outcome("deferred", reasons, done, due_at=safety.burst_ends_at(ctx, now), previews=run.previews)
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


def run_batch(items: list[tuple[Compiled, Context, str]], now: dt.datetime) -> list:
    """Many matched rules at once (the sweep's due rows): decided first, then their fires and
    events written with one INSERT each (sellerdesk.lib.rows), each rule's actions in its own
    savepoint only when one fails. The caller holds the transaction. Once per (rule, key)."""
    from sellerdesk.automation.models import Fire
    from sellerdesk.conversations.models import Event
    from sellerdesk.lib.rows import insert_rows

    if not items:
        return []
    seen = set(Fire.objects.filter(rule_id__in={r.id for r, _, _ in items}, key__in={k[:200] for _, _, k in items}).values_list("rule_id", "key"))
    todo, fires = [], []
    for rule, ctx, key in items:
        if (rule.id, key[:200]) in seen:
            continue
        seen.add((rule.id, key[:200]))
        todo.append((rule, ctx))
        fires.append(Fire(rule_id=rule.id, version=rule.version, key=key[:200], event=ctx.event, conversation=ctx.conversation,
                          order_id=ctx.order.pk if ctx.order else None, customer=ctx.customer, outcome=Fire.Outcome.DONE, created_at=now))
    try:
        # One savepoint for the batch; if an action fails, the batch is decided again rule by rule.
        with transaction.atomic():
            results = [decide(rule, ctx, now, fire=fire) for (rule, ctx), fire in zip(todo, fires)]
    except Exception:
        results = [_decided(rule, ctx, fire, now) for (rule, ctx), fire in zip(todo, fires)]
    for fire, result in zip(fires, results):
        fire.outcome, fire.reasons, fire.actions = result.outcome, result.reasons, result.actions
        fire.sent_at = now if result.outcome == "sent" else None
    insert_rows(fires)  # after the actions: each fire is written once, with its outcome
    events, deferred = [], []
    for (rule, ctx), fire, result in zip(todo, fires, results):
        if result.outcome == "deferred":
            deferred.append((rule, ctx, fire, result))
        events.append(Event(conversation=ctx.conversation, kind="automation_fired", created_at=now, data=_fired_data(rule, ctx, result, fire)))
    insert_rows(events)
    for rule, ctx, fire, result in deferred:
        _hold(rule, ctx, fire, result, now)
    return fires


def rerun_deferred(rule: Compiled, ctx: Context, fire, now: dt.datetime):
    """A send held for the buyer's morning: its buyer-facing actions, through every check again."""
    with transaction.atomic():
        return _finish(rule, ctx, fire, now, only_buyer_facing=True)


def _decided(rule: Compiled, ctx: Context, fire, now: dt.datetime, *, only_buyer_facing: bool = False) -> Outcome:
    try:
        with transaction.atomic():  # a failing action undoes its own writes, and the fire says why
            return decide(rule, ctx, now, fire=fire, only_buyer_facing=only_buyer_facing)
    except Exception as exc:
        log.exception("automation: rule %s (%s) failed on %s", rule.id, rule.name, ctx.event)
        return Outcome("failed", [f"error:{type(exc).__name__}"], [{"error": str(exc)[:500]}])


def _fired_data(rule: Compiled, ctx: Context, result: Outcome, fire) -> dict:
    return {"rule_id": rule.id, "rule": rule.name, "version": rule.version, "trigger": ctx.event, "outcome": result.outcome,
            "reasons": result.reasons, "actions": result.actions, "due_at": result.due_at.isoformat() if result.due_at else None,
            "fire_id": fire.pk}


def _hold(rule: Compiled, ctx: Context, fire, result: Outcome, now: dt.datetime) -> None:
    """A send held by quiet hours: a due row that runs the rule's messages at the buyer's morning."""
    from sellerdesk.automation.models import Scheduled

    Scheduled.objects.get_or_create(
        rule_id=rule.id, key=f"quiet:{fire.pk}",
        defaults=dict(version=rule.version, kind=Scheduled.Kind.QUIET, event=ctx.event, conversation=ctx.conversation,
                      order_id=ctx.order.pk if ctx.order else None, customer=ctx.customer, data=ctx.data, fire=fire,
                      event_at=ctx.event_at, due_at=result.due_at, created_at=now),
    )


def _finish(rule: Compiled, ctx: Context, fire, now: dt.datetime, *, only_buyer_facing: bool = False):
    from sellerdesk.conversations.events import record

    result = _decided(rule, ctx, fire, now, only_buyer_facing=only_buyer_facing)
    fire.outcome = result.outcome
    fire.reasons = result.reasons
    fire.actions = [*(fire.actions or []), *result.actions] if only_buyer_facing else result.actions
    if result.outcome == "sent":
        fire.sent_at = now
    fire.save()
    if result.outcome == "deferred":
        _hold(rule, ctx, fire, result, now)
    record("automation_fired", conversation=ctx.conversation, **_fired_data(rule, ctx, result, fire))
    return fire
