"""/audit: the audit log as JSON, newest first (admins, with an admin-scoped token)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime, field_validator

from sellerdesk.api.auth import require_admin
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.audit.queries import AuditFilters, page

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: dt.datetime
    action: str
    actor_id: int | None
    actor_name: str
    via: str = Field(description="web, api, cli or system")
    ip: str | None
    user_agent: str
    target: str = Field(description='what it was done to, e.g. "customer:12"; empty: nothing in particular')
    data: dict


class AuditPage(Schema):
    items: list[AuditEntryOut]
    next_before: int | None = Field(description="pass as `before` for the next (older) page; null on the last page")


class AuditQuery(Schema):
    action: str = Field("", max_length=40)
    actor: str = Field("", max_length=150, description="username")
    target: str = Field("", max_length=100)
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    before: int | None = Field(None, ge=1, le=MAX_ID)
    limit: int = Field(100, ge=1, le=500)

    @field_validator("since", "until", mode="before")
    @classmethod
    def iso_text_only(cls, value):
        # Pydantic would take "0.5" as a Unix time; the documented form is an ISO 8601 time with its offset.
        if value is not None and not (isinstance(value, str) and "T" in value):
            raise ValueError("an ISO 8601 time with a UTC offset, e.g. 2026-11-23T12:00:00+00:00")
        return value


@router.get("", response={200: AuditPage, 401: Error, 403: Error, 422: Error}, summary="The audit log, newest first")
def audit_log(request, query: Query[AuditQuery]):
    require_admin(request)
    filters = AuditFilters(action=query.action, actor=query.actor, target=query.target, since=query.since, until=query.until)
    rows, next_before = page(filters, before_id=query.before, limit=query.limit)
    return {"items": rows, "next_before": next_before}
