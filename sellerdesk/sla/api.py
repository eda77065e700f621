"""/api/v1/sla/policies: the SLA policies, their stores, and which win for a sample message of a store
(supervisors and admins, as the settings page)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Query, Router, Schema

from sellerdesk.api.errors import Forbidden
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.lib import clock
from sellerdesk.routing.views import is_supervisor
from sellerdesk.sla.models import Policy
from sellerdesk.sla.policies import MATCH_FIELDS
from sellerdesk.sla.preview import preview

router = Router(tags=["sla"])
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class PolicyOut(Schema):
    id: int
    key: str | None = Field(description="a shipped preset's key; null for your own policies")
    name: str
    label: str
    group: str
    metric: str
    match: dict[str, str] = Field(description="match fields that are set (comma-separated alternatives); store: channel account ids")
    stores: list[int] = Field(description="channel account ids it is limited to; [] = every store")
    target_minutes: int | None
    calendar: str
    priority: int
    is_active: bool


class PolicyQuery(Schema):
    store: Id | None = Field(None, description="only policies that can apply to this store's conversations: its own and those for every store")


class WinnerQuery(Schema):
    channel: str = Field(max_length=20)
    marketplace: str = Field("", max_length=10)
    country: str = Field("", max_length=2)
    tier: int = Field(3, ge=1, le=3)
    intent: str = Field("", max_length=40)
    store: Id | None = None


class WinnerOut(Schema):
    policy: PolicyOut
    due_at: dt.datetime | None
    warn_at: dt.datetime | None


def _supervisor(request) -> None:
    if not is_supervisor(request.user):
        raise Forbidden("Only supervisors and admins may read the SLA policies.")


def _stores(policy: Policy) -> list[int]:
    return [int(v) for v in policy.store.split(",") if v.strip().isdigit()]


def _out(p: Policy) -> dict:
    return {"id": p.pk, "key": p.key, "name": p.name, "label": p.label, "group": p.group, "metric": p.metric,
            "match": {f: getattr(p, f) for f in MATCH_FIELDS if getattr(p, f)}, "stores": _stores(p),
            "target_minutes": p.target_minutes, "calendar": p.calendar.name, "priority": p.priority, "is_active": p.is_active}


@router.get("/policies", response={200: list[PolicyOut], 401: Error, 403: Error, 422: Error})
def list_policies(request, filters: Query[PolicyQuery]):
    _supervisor(request)
    rows = Policy.objects.select_related("calendar").order_by("group", "-priority", "name")
    return [_out(p) for p in rows if filters.store is None or not _stores(p) or filters.store in _stores(p)]


@router.get("/policies/winners", response={200: list[WinnerOut], 401: Error, 403: Error, 422: Error})
def winners(request, sample: Query[WinnerQuery]):
    """The clocks a first buyer message with these facts would start now, in this store (as the settings page's preview)."""
    _supervisor(request)
    rows = preview(channel=sample.channel, marketplace=sample.marketplace, country=sample.country, tier=sample.tier,
                   intent=sample.intent, store=str(sample.store or ""), received_at=clock.now())
    return [{"policy": _out(r.policy), "due_at": r.due_at, "warn_at": r.warn_at} for r in rows]
