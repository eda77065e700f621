"""/api/v1/queue-health and /api/v1/metrics: the supervisor pages' numbers as JSON (supervisors and admins)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from sellerdesk.api.errors import FieldError, Forbidden
from sellerdesk.api.schemas import Error
from sellerdesk.metrics.platform import PERIODS, platform_metrics
from sellerdesk.metrics.sla import sla_met
from sellerdesk.routing.health import queue_health
from sellerdesk.routing.views import is_supervisor

router = Router(tags=["supervisor"])


def _supervisor(request) -> None:
    if not is_supervisor(request.user):
        raise Forbidden("Only supervisors and admins may read the queue and the metrics.")


class AgentLoadOut(Schema):
    id: int
    name: str
    load: int
    capacity: int
    load_pct: int
    on_shift: bool
    away: bool
    next_shift: dt.datetime | None
    senior: bool
    languages: list[str]


class QueueHealthOut(Schema):
    now: dt.datetime
    open: int
    open_per_tier: dict[str, int] = Field(description='{"1": n, "2": n, "3": n}')
    unassigned: int
    due_in_1h: int
    overdue: int
    breached_today: int = Field(description="breaches since midnight UTC")
    breached_today_by_kind: dict[str, int]
    on_shift: int
    agents: list[AgentLoadOut]


class RateOut(Schema):
    counted: int
    in_time: int
    late: int
    unanswered: int
    pending: int
    average_response_hours: float | None
    late_rate_pct: float | None
    response_rate_pct: float | None


class SlaRow(Schema):
    met: int
    breached: int
    met_pct: float | None


class SlaOut(Schema):
    days: int
    group: str
    all: SlaRow
    channel: dict[str, SlaRow]
    intent: dict[str, SlaRow]
    agent: dict[str, SlaRow] = Field(description='by user id; "" = unassigned')
    day: dict[str, SlaRow] = Field(description="by UTC date")


class SlaQuery(Schema):
    days: int = Field(30, description="7, 30 or 90")
    group: Literal["", "platform", "claim", "review", "internal"] = ""


@router.get("/queue-health", response={200: QueueHealthOut, 401: Error, 403: Error}, summary="Queue health now")
def queue_health_view(request):
    _supervisor(request)
    return queue_health()


@router.get(
    "/metrics/platform", response={200: dict[str, dict[str, RateOut]], 401: Error, 403: Error},
    summary="Amazon / eBay / TikTok response metrics over 7, 30 and 90 days",
)
def platform_view(request):
    _supervisor(request)
    return platform_metrics()


@router.get("/metrics/sla", response={200: SlaOut, 401: Error, 403: Error, 422: Error}, summary="SLA met % by channel, intent, agent and day")
def sla_view(request, q: Query[SlaQuery]):
    _supervisor(request)
    if q.days not in PERIODS:
        raise FieldError("days", "must be 7, 30 or 90", "query")
    return sla_met(q.days, group=q.group)
