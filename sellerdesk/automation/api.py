"""/api/v1/automations: rules (list, create, edit = new version, switch on/off), the global
switch, the condition/action schema, per-rule counts and the dry run on past messages.
Reading is open to every agent; writing to supervisors and admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Path, Query, Router, Schema

from sellerdesk.api.errors import FieldError, Forbidden, NotFound
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.automation import engine, history, recipes, registry
from sellerdesk.automation import rules as rule_actions
from sellerdesk.automation.models import Rule

router = Router(tags=["automation"])
ERRORS = {401: Error, 404: Error, 422: Error}
WRITE_ERRORS = {**ERRORS, 400: Error, 403: Error}  # 400: a body that is not JSON
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _editor(request) -> None:
    from sellerdesk.routing.views import is_supervisor

    if not is_supervisor(request.user):
        raise Forbidden("Only supervisors and admins may change automation rules.")


class RuleOut(Schema):
    id: int
    key: str | None
    name: str
    description: str
    event: str
    version: int
    is_enabled: bool
    definition: dict[str, Any]
    updated_at: dt.datetime


class RuleIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    event: str = Field(max_length=60)
    description: str = Field("", max_length=2000)
    definition: dict[str, Any]
    enabled: bool = False


class RuleEdit(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    event: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=2000)
    definition: dict[str, Any] | None = None


class EnabledIn(Schema):
    enabled: bool


class SwitchOut(Schema):
    on: bool


class VersionOut(Schema):
    version: int
    name: str
    event: str
    definition: dict[str, Any]
    created_at: dt.datetime


class CountsOut(Schema):
    fires: int
    sent: int
    replied: int = Field(description="fires after which the buyer wrote back")
    reopened: int
    blocked: dict[str, int] = Field(description="blocks and holds by reason kind: safety:tier1, compliance, quiet_hours...")


class DryRunQuery(Schema):
    days: int = Field(30, ge=1, le=90)


def _out(rule: Rule) -> dict:
    return {"id": rule.pk, "key": rule.key, "name": rule.name, "description": rule.description, "event": rule.event,
            "version": rule.version, "is_enabled": rule.is_enabled, "definition": rule.definition, "updated_at": rule.updated_at}


def _get(rule_id: int) -> Rule:
    rule = Rule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise NotFound(f"No automation rule {rule_id}.")
    return rule


def _checked(fn):
    try:
        return fn()
    except registry.RuleError as exc:
        raise FieldError(f"definition.{exc.field}" if exc.field not in ("name", "event") else exc.field, str(exc)) from None


@router.get("/rules", response={200: list[RuleOut], **ERRORS}, summary="Every rule (the built-in recipes are added, switched off)")
def list_rules(request):
    recipes.install()
    return [_out(r) for r in Rule.objects.order_by("position", "id")]


@router.post("/rules", response={201: RuleOut, **WRITE_ERRORS}, summary="Create a rule (version 1)")
def create_rule(request, payload: RuleIn):
    _editor(request)
    rule = _checked(lambda: rule_actions.create_rule(name=payload.name, event=payload.event, definition=payload.definition,
                                                      user=request.user, enabled=payload.enabled, description=payload.description))
    return 201, _out(rule)


@router.get("/rules/{rule_id}", response={200: RuleOut, **ERRORS})
def get_rule(request, rule_id: Path[Id]):
    return _out(_get(rule_id))


@router.put("/rules/{rule_id}", response={200: RuleOut, **WRITE_ERRORS}, summary="Edit a rule: a new version")
def edit_rule(request, rule_id: Path[Id], payload: RuleEdit):
    _editor(request)
    rule = _get(rule_id)
    rule = _checked(lambda: rule_actions.update_rule(rule, user=request.user, name=payload.name, event=payload.event,
                                                      definition=payload.definition, description=payload.description))
    return _out(rule)


@router.post("/rules/{rule_id}/enabled", response={200: RuleOut, **WRITE_ERRORS})
def set_enabled(request, rule_id: Path[Id], payload: EnabledIn):
    _editor(request)
    return _out(rule_actions.set_enabled(_get(rule_id), payload.enabled, user=request.user))


@router.get("/rules/{rule_id}/versions", response={200: list[VersionOut], **ERRORS})
def versions(request, rule_id: Path[Id]):
    return list(_get(rule_id).versions.order_by("-version").values("version", "name", "event", "definition", "created_at"))


@router.get("/rules/{rule_id}/counts", response={200: CountsOut, **ERRORS}, summary="Fires, sends, blocks by reason, replies, reopenings")
def rule_counts(request, rule_id: Path[Id], query: Query[DryRunQuery]):
    rule = _get(rule_id)
    return history.counts([rule.pk], days=query.days)[rule.pk]


@router.post("/rules/{rule_id}/dry-run", response={200: dict, **WRITE_ERRORS}, summary="The rule on the buyer messages of the last days; nothing is sent")
def dry_run(request, rule_id: Path[Id], query: Query[DryRunQuery]):
    rule = _get(rule_id)
    compiled = engine.compile_rule(rule.pk, rule.key or "", rule.name, rule.version, rule.event, rule.definition)
    return history.would_have_fired(compiled, days=query.days)


@router.get("/switch", response={200: SwitchOut, **ERRORS}, summary="The global kill switch")
def get_switch(request):
    return {"on": rule_actions.switch_is_on()}


@router.post("/switch", response={200: SwitchOut, **WRITE_ERRORS})
def set_switch(request, payload: SwitchOut):
    _editor(request)
    rule_actions.set_switch(payload.on, user=request.user)
    return {"on": payload.on}


@router.get("/schema", response={200: dict, **ERRORS}, summary="Events, conditions and actions with their parameters")
def schema(request):
    from sellerdesk.automation.triggers import EVENTS

    return {"events": {k: str(v) for k, v in EVENTS.items()}, **registry.schema()}
