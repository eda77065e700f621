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

from django.db.models import OuterRef, Q, Subquery, Sum

from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock
from sellerdesk.metrics.windows import NO_RESPONSE_NEEDED, PLATFORMS, WINDOW_HOURS, window_hours

PERIODS = (7, 30, 90)


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
        .annotate(first_reply_at=Subquery(first_reply))
        .values_list("sent_at", "first_reply_at", "conversation__marketplace", "flags")
    )


def rate(channel: str, days: int, now: dt.datetime | None = None, rows=None) -> Rate:
    """The rate counted message by message (`rows` as buyer_messages gives them)."""
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
    """{"amazon": {"7": Rate, "30": ..., "90": ...}, "ebay": ..., "tiktok": ...} as plain dicts.

    From the hourly rollups and a few hours of messages (three queries) once the rollups are built;
    until then message by message."""
    from sellerdesk.metrics import responses

    now = now or clock.now()
    if not responses.is_built():
        return counted_per_message(now)
    return {channel: {str(days): r.as_dict() for days, r in periods.items()} for channel, periods in _from_rollups(now).items()}


def counted_per_message(now: dt.datetime) -> dict:
    """The same figures counted from every buyer message of the last 90 days (slow on big desks)."""
    out = {}
    for channel in PLATFORMS:
        rows = list(buyer_messages(channel, now - dt.timedelta(days=max(PERIODS))))  # one query per channel
        out[channel] = {str(days): rate(channel, days, now, rows).as_dict() for days in PERIODS}
    return out


def _hour_index(moment: dt.datetime) -> int:
    return int(moment.timestamp() // 3600)


def _from_rollups(now: dt.datetime) -> dict[str, dict[int, Rate]]:
    """The rollups' hours from each period's first whole hour on, and from the messages themselves
    only what an hour's sums cannot tell: the part hour before that first whole hour, and the hour
    in which the reply window of an unanswered message closes at `now` (before it: unanswered,
    after it: still pending). Answered messages count the same whenever one looks."""
    from sellerdesk.metrics import responses
    from sellerdesk.metrics.models import ResponseHour

    windows = sorted({*WINDOW_HOURS.values(), 12})
    closing = {w: _hour_index(now - dt.timedelta(hours=w)) for w in windows}  # the hour whose messages' windows close now
    firsts = {days: int(-(-(now - dt.timedelta(days=days)).timestamp() // 3600)) for days in PERIODS}  # first whole hours
    at_closing = Q()
    after_closing = Q()
    for w, hour in closing.items():
        at_closing |= Q(window_hours=w, hour=hour)
        after_closing |= Q(window_hours=w, hour__gt=hour)
    sums = {}
    for days, first in firsts.items():
        rolled = Q(hour__gte=first) & ~at_closing
        for name in ("messages", "answered", "in_time", "response_us"):
            sums[f"{name}_{days}"] = Sum(name, filter=rolled)
        sums[f"open_messages_{days}"] = Sum("messages", filter=rolled & after_closing)
        sums[f"open_answered_{days}"] = Sum("answered", filter=rolled & after_closing)
    rows = {row["channel"]: row for row in ResponseHour.objects.filter(hour__gte=min(firsts.values()))
            .order_by().values("channel").annotate(**sums)}
    ranges = [(days, now - dt.timedelta(days=days), _at_hour(first)) for days, first in firsts.items()]
    ranges += [(-w, _at_hour(hour), _at_hour(hour + 1)) for w, hour in closing.items()]
    counted = responses.live(ranges, now)

    out = {}
    for channel in PLATFORMS:
        out[channel] = {}
        got = rows.get(channel, {})
        for days in PERIODS:
            n = {name: got.get(f"{name}_{days}") or 0 for name in ("messages", "answered", "in_time", "response_us")}
            n["pending"] = (got.get(f"open_messages_{days}") or 0) - (got.get(f"open_answered_{days}") or 0)
            n["unanswered"] = n["messages"] - n["answered"] - n["pending"]
            for (part, ch, w), live in counted.items():
                if ch == channel and (part == days or part == -w):
                    for name, value in live.items():
                        n[name] += value
            r = Rate(counted=n["answered"] + n["unanswered"], in_time=n["in_time"], late=n["answered"] - n["in_time"],
                     unanswered=n["unanswered"], pending=n["pending"])
            r.average_response_hours = round(n["response_us"] / 1_000_000 / n["answered"] / 3600, 2) if n["answered"] else None
            out[channel][days] = r
    return out


def _at_hour(index: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(index * 3600, dt.timezone.utc)
