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
    """{"problems", "approvals", "unread", "newest_message"} for the signed-in user, cached on the request.
    "newest_message" (the id where a page's live feed starts, web/live.py) rides along: a query less
    on the inbox and conversation pages."""
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
    from sellerdesk.conversations.models import Message

    newest_sql, newest_params = Message.objects.order_by("-id").values("id")[:1].query.sql_with_params()
    selects.append(f"({newest_sql})")
    params += list(newest_params)
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(selects), params)
        values = cur.fetchone()
    row = dict(zip(parts, values))
    request._nav_badges = {"problems": row["deliveries"] + row["messages"], "approvals": row["approvals"], "unread": row["unread"],
                           "newest_message": values[-1] or 0}
    return request._nav_badges
