"""The navigation's badges (problems, approvals waiting, unread alerts) in one query per page.

Every signed-in page draws them; three to four COUNT queries each would spend a quarter of a
page's query budget. Each count is one scalar subquery of a single SELECT, computed once per
request and kept on it for the template tags that show them.
"""

from __future__ import annotations

from django.db import connection

from sellerdesk.web import lookups


def _count_sql(qs) -> tuple[str, list]:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS counted)", list(params)


def badges(request) -> dict[str, int]:
    """{"problems", "approvals", "unread"} for the signed-in user, cached on the request."""
    cached = getattr(request, "_nav_badges", None)
    if cached is not None:
        return cached
    from sellerdesk.alerts.models import Notification
    from sellerdesk.replies.models import Approval

    parts = {
        "deliveries": lookups.failed_deliveries(),
        "messages": lookups.failed_messages(),
        "approvals": Approval.objects.filter(status=Approval.Status.PENDING),
        "unread": Notification.objects.filter(recipient=request.user, read_at__isnull=True),
    }
    selects, params = [], []
    for qs in parts.values():
        sql, p = _count_sql(qs)
        selects.append(sql)
        params += p
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(selects), params)
        row = dict(zip(parts, cur.fetchone()))
    request._nav_badges = {"problems": row["deliveries"] + row["messages"], "approvals": row["approvals"], "unread": row["unread"]}
    return request._nav_badges
