"""The condition and action registries: name -> function with a declared parameter schema.

A module adds to them with the decorators:

    @condition("order_status", label=_("Order status is"), params={"statuses": Param("list", required=True)})
    def order_status(ctx, statuses):
        return ctx.order is not None and ctx.order.status.lower() in statuses

    @action("tag", label=_("Add a tag"), params={"name": Param("str", required=True)})
    def tag(run, name):
        ...

A condition is `fn(ctx, **params) -> bool` (ctx: context.Context). An action is
`fn(run, **params) -> dict` (run: engine.ActionRun), returning what it did; an action declared
`buyer_facing=True` sends something to the buyer and passes the safety rules first (safety.py).
Rule definitions are checked against these schemas when saved (`validate_definition`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

PARAM_TYPES = ("str", "text", "int", "float", "bool", "list", "dict")


class RuleError(ValueError):
    """A rule definition that cannot be saved: `field` names where, the message says why."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclasses.dataclass(frozen=True)
class Param:
    type: str
    required: bool = False
    default: Any = None
    choices: tuple = ()
    help: str = ""

    def __post_init__(self):
        if self.type not in PARAM_TYPES:
            raise ValueError(f"unknown parameter type {self.type!r}")


@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    fn: Callable
    label: str
    params: dict[str, Param]
    buyer_facing: bool = False  # actions only: sends to the buyer, passes the safety rules first


CONDITIONS: dict[str, Entry] = {}
ACTIONS: dict[str, Entry] = {}


def condition(name: str, *, label: str = "", params: dict[str, Param] | None = None):
    def register(fn):
        CONDITIONS[name] = Entry(name, fn, label or name, dict(params or {}))
        return fn

    return register


def action(name: str, *, label: str = "", params: dict[str, Param] | None = None, buyer_facing: bool = False):
    def register(fn):
        ACTIONS[name] = Entry(name, fn, label or name, dict(params or {}), buyer_facing)
        return fn

    return register


def load() -> None:
    """Import the modules that register the built-in conditions and actions (and the recipes' ones)."""
    from sellerdesk.automation import actions, chasing, conditions, gate  # noqa: F401
    from sellerdesk.automation import extensions

    extensions.load()


def _coerce(value, param: Param, where: str):
    t = param.type
    try:
        if t in ("str", "text"):
            if not isinstance(value, str):
                raise TypeError
            value = value.strip() if t == "str" else value
        elif t == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise TypeError
            value = int(value)
        elif t == "float":
            if isinstance(value, bool):
                raise TypeError
            value = float(value)
        elif t == "bool":
            if not isinstance(value, bool):
                raise TypeError
        elif t == "list":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
                raise TypeError
            value = [str(v).strip() for v in value]
        elif t == "dict":
            if not isinstance(value, dict):
                raise TypeError
    except (TypeError, ValueError):
        raise RuleError(where, f"must be of type {t}") from None
    if param.choices:
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in param.choices]
        if bad:
            raise RuleError(where, f"{bad[0]!r} is not one of {', '.join(map(str, param.choices))}")
    return value


def check_params(entry: Entry, params: dict, where: str) -> dict:
    if not isinstance(params, dict):
        raise RuleError(where, "params must be an object")
    unknown = set(params) - set(entry.params)
    if unknown:
        raise RuleError(f"{where}.{sorted(unknown)[0]}", f"unknown parameter of {entry.name}")
    out = {}
    for name, param in entry.params.items():
        if name in params and params[name] not in (None, ""):
            out[name] = _coerce(params[name], param, f"{where}.{name}")
        elif param.required:
            raise RuleError(f"{where}.{name}", "is required")
        elif param.default is not None:
            out[name] = param.default
    return out


def _steps(items, table: dict[str, Entry], where: str) -> list[dict]:
    if not isinstance(items, list):
        raise RuleError(where, "must be a list")
    out = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise RuleError(here, 'must be an object with a "type"')
        entry = table.get(item["type"])
        if entry is None:
            raise RuleError(f"{here}.type", f"unknown: {item['type']!r}")
        step = {"type": entry.name, "params": check_params(entry, item.get("params") or {}, f"{here}.params")}
        if entry.name == "text_matches":
            _check_regex(step["params"]["pattern"], f"{here}.params.pattern")
        if item.get("not"):
            step["not"] = True
        out.append(step)
    return out


def _check_regex(pattern: str, where: str) -> None:
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        raise RuleError(where, f"not a regular expression: {exc}") from None


DEFINITION_KEYS = {"trigger", "conditions", "send_when", "actions", "fallback"}


def validate_definition(event: str, definition: dict) -> dict:
    """The definition normalised (defaults filled), or RuleError naming the bad field."""
    from sellerdesk.automation.triggers import EVENTS

    load()
    if event not in EVENTS:
        raise RuleError("event", f"unknown event {event!r}")
    if not isinstance(definition, dict):
        raise RuleError("definition", "must be an object")
    unknown = set(definition) - DEFINITION_KEYS
    if unknown:
        raise RuleError(sorted(unknown)[0], "unknown key")
    trigger = definition.get("trigger") or {}
    if not isinstance(trigger, dict):
        raise RuleError("trigger", "must be an object")
    delay = trigger.get("delay_minutes")
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, int) or delay < 0 or delay > 60 * 24 * 90):
        raise RuleError("trigger.delay_minutes", "must be a whole number of minutes from 0 to 129600 (90 days)")
    cancel_on = trigger.get("cancel_on") or []
    if not isinstance(cancel_on, list) or any(e not in EVENTS for e in cancel_on):
        raise RuleError("trigger.cancel_on", "must be a list of event names")
    actions = _steps(definition.get("actions") or [], ACTIONS, "actions")
    if not actions:
        raise RuleError("actions", "a rule needs at least one action")
    fallback = _steps(definition.get("fallback") or [], ACTIONS, "fallback")
    for i, step in enumerate(fallback):
        if ACTIONS[step["type"]].buyer_facing:
            raise RuleError(f"fallback[{i}].type", "a fallback hands over to a person: it cannot message the buyer")
    return {
        "trigger": {"delay_minutes": delay or 0, "cancel_on": list(cancel_on)},
        "conditions": _steps(definition.get("conditions") or [], CONDITIONS, "conditions"),
        "send_when": _steps(definition.get("send_when") or [], CONDITIONS, "send_when"),
        "actions": actions,
        "fallback": fallback,
    }


def schema() -> dict:
    """Every condition and action with its parameters (the rule editor and the API show it)."""
    load()

    def entries(table):
        return {
            name: {
                "label": str(e.label),
                "buyer_facing": e.buyer_facing,
                "params": {k: {"type": p.type, "required": p.required, "default": p.default, "choices": list(p.choices), "help": p.help}
                           for k, p in e.params.items()},
            }
            for name, e in sorted(table.items())
        }

    return {"conditions": entries(CONDITIONS), "actions": entries(ACTIONS)}
