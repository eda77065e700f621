"""Response metrics the way the marketplaces count them, from our own messages.

Per buyer message (inbound, not automated, not marked "no response needed"): its response is the
first reply we sent in the conversation after the buyer wrote that does not fail (Amazon: not an
automated one). A message counts once its window has passed or it was answered; a message still
inside its window and unanswered is not counted yet (the platforms do the same).

* Amazon Late Response Rate: share of counted messages not answered within 24 h, weekends and
  holidays included; split into "over 24 h" and "no response"; over 7 / 30 / 90 days.
* eBay, TikTok response rate: share answered within 24 h (TikTok Southeast Asia: 12 h), per
  marketplace family.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import OuterRef, Subquery

from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock

NO_RESPONSE_NEEDED = "no_response_needed"  # = conversations.actions.NO_RESPONSE_NEEDED (not imported: actions pulls in triage)
PERIODS = (7, 30, 90)
SEA = {"TH", "VN", "MY", "PH", "SG", "ID"}
WINDOW_HOURS = {"amazon": 24, "ebay": 24, "tiktok": 24}


@dataclass
class Rate:
    counted: int = 0  # messages whose window has passed or that were answered
    in_time: int = 0
    late: int = 0  # answered after the window
    unanswered: int = 0  # window passed, no response
    pending: int = 0  # still inside the window, unanswered (not counted)
    average_response_hours: float | None = None

    @property
    def late_rate_pct(self) -> float | None:
        return round(100 * (self.late + self.unanswered) / self.counted, 2) if self.counted else None

    @property
    def response_rate_pct(self) -> float | None:
        return round(100 * self.in_time / self.counted, 2) if self.counted else None

    def as_dict(self) -> dict:
        return {**asdict(self), "late_rate_pct": self.late_rate_pct, "response_rate_pct": self.response_rate_pct}


def window_hours(channel: str, marketplace: str) -> int:
    if channel == "tiktok" and (marketplace or "").upper() in SEA:
        return 12
    return WINDOW_HOURS.get(channel, 24)


def buyer_messages(channel: str, since: dt.datetime):
    """Rows (sent_at, answered_at, marketplace, flags) of buyer messages on one channel since `since`.

    "No response needed" is filtered in Python: SQLite has no JSON containment lookup."""
    replies = Message.objects.filter(
        conversation=OuterRef("conversation"), direction=Message.Direction.OUTBOUND, created_at__gte=OuterRef("sent_at"),
    ).exclude(delivery_status=Message.Delivery.FAILED)
    if channel == "amazon":
        replies = replies.filter(is_automated=False)  # Amazon: auto-responders are no response
    first_reply = replies.order_by("created_at", "id").values("created_at")[:1]
    return (
        Message.objects.filter(
            direction=Message.Direction.INBOUND, is_automated=False, conversation__channel=channel, sent_at__gte=since,
        )
        .annotate(answered_at=Subquery(first_reply))
        .values_list("sent_at", "answered_at", "conversation__marketplace", "flags")
    )


def rate(channel: str, days: int, now: dt.datetime | None = None, rows=None) -> Rate:
    now = now or clock.now()
    since = now - dt.timedelta(days=days)
    r = Rate()
    total_seconds = 0.0
    answered = 0
    for sent_at, answered_at, marketplace, flags in rows if rows is not None else buyer_messages(channel, since):
        if sent_at < since or NO_RESPONSE_NEEDED in (flags or []):
            continue
        window = dt.timedelta(hours=window_hours(channel, marketplace))
        if answered_at is None:
            if now - sent_at <= window:
                r.pending += 1
                continue
            r.counted += 1
            r.unanswered += 1
            continue
        r.counted += 1
        answered += 1
        total_seconds += (answered_at - sent_at).total_seconds()
        if answered_at - sent_at <= window:
            r.in_time += 1
        else:
            r.late += 1
    r.average_response_hours = round(total_seconds / answered / 3600, 2) if answered else None
    return r


def platform_metrics(now: dt.datetime | None = None) -> dict:
    """{"amazon": {"7": Rate, "30": ..., "90": ...}, "ebay": ..., "tiktok": ...} as plain dicts."""
    now = now or clock.now()
    out = {}
    for channel in ("amazon", "ebay", "tiktok"):
        rows = list(buyer_messages(channel, now - dt.timedelta(days=max(PERIODS))))  # one query per channel
        out[channel] = {str(days): rate(channel, days, now, rows).as_dict() for days in PERIODS}
    return out
