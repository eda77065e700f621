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


_STAND_IN = 987654321  # the recipient's id while the SELECT is compiled; each request puts its user's in its place
_compiled: dict[str, tuple[str, list, list[int]]] = {}  # by database vendor: SQL, params, where the recipient goes
NAMES = ("deliveries", "messages", "approvals", "unread")


def _select() -> tuple[str, list, list[int]]:
    """The badges' SELECT, compiled once per process: the same four counts every time, only the
    signed-in user changes (compiling the five querysets cost about as much as running the query)."""
    found = _compiled.get(connection.vendor)
    if found is not None:
        return found
    from sellerdesk.alerts.models import Notification
    from sellerdesk.conversations.models import Message
    from sellerdesk.replies.models import Approval

    parts = [
        lookups.failed_deliveries(),
        lookups.failed_messages(),
        Approval.objects.filter(status=Approval.Status.PENDING),
        Notification.objects.filter(recipient_id=_STAND_IN, read_at__isnull=True),
    ]
    selects, params = [], []
    for qs in parts:
        sql, p = _count_sql(qs)
        selects.append(sql)
        params += p
    newest_sql, newest_params = Message.objects.order_by("-id").values("id")[:1].query.sql_with_params()
    selects.append(f"({newest_sql})")
    params += list(newest_params)
    slots = [i for i, value in enumerate(params) if value == _STAND_IN]
    assert len(slots) == 1, slots
    found = _compiled[connection.vendor] = ("SELECT " + ", ".join(selects), params, slots)
    return found


def badges(request) -> dict[str, int]:
    """{"problems", "approvals", "unread", "newest_message"} for the signed-in user, cached on the request.
    "newest_message" (the id where a page's live feed starts, web/live.py) rides along: a query less
    on the inbox and conversation pages."""
    cached = getattr(request, "_nav_badges", None)
    if cached is not None:
        return cached
    sql, params, slots = _select()
    params = list(params)
    for slot in slots:
        params[slot] = request.user.pk
    with connection.cursor() as cur:
        cur.execute(sql, params)
        values = cur.fetchone()
    row = dict(zip(NAMES, values))
    request._nav_badges = {"problems": row["deliveries"] + row["messages"], "approvals": row["approvals"], "unread": row["unread"],
                           "newest_message": values[-1] or 0}
    return request._nav_badges
