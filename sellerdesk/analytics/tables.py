"""Every figure of the analytics page as a table: the page draws its charts from them, and every
table downloads as CSV.

Tables that read the same rows share one GROUP BY, made once per Range (`Range.once`): the new
conversations by day, channel and intent give both volume charts and this period's complaints;
the answer-time buckets by agent give the first-response chart and each agent's average; the
deadlines met and missed by day and channel give both SLA tables; the ratings by agent give the
CSAT chart and each agent's score. Each of those rows is read once, not twice or three times."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from sellerdesk.analytics.sqlfuncs import EqualsConstant, FirstItem, LocalDay, SecondsBetween
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.sla.models import Breach, Deadline
from sellerdesk.web import labels

COMPLAINTS = ("delivery_issue", "damaged_defective", "wrong_or_missing_item", "complaint", "dispute_claim", "payment_billing")
RETURNS = ("return_exchange", "refund", "damaged_defective", "wrong_or_missing_item")
# Answer-time buckets (upper bound in hours, None: the rest).
BUCKETS = [(1, "< 1 h"), (4, "1–4 h"), (12, "4–12 h"), (24, "12–24 h"), (72, "1–3 d"), (None, "> 3 d")]


@dataclass
class Range:
    since: dt.datetime  # UTC, inclusive
    until: dt.datetime  # UTC, exclusive
    tz: str = "UTC"
    channel: str = ""
    team_id: int | None = None
    account_id: int | None = None  # one store / channel account (a brand's shop, one marketplace account)
    _shared: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, name: str, query):
        """query() the first time a table asks for `name` in this range; the same rows after."""
        if name not in self._shared:
            self._shared[name] = query()
        return self._shared[name]

    @property
    def offset_minutes(self) -> int:
        return int(self.since.astimezone(zoneinfo.ZoneInfo(self.tz)).utcoffset().total_seconds() // 60)

    def day(self, column: str) -> LocalDay:
        return LocalDay(column, zone=self.tz, offset_minutes=self.offset_minutes)

    def days(self) -> list[str]:
        zone = zoneinfo.ZoneInfo(self.tz)
        first, last = self.since.astimezone(zone).date(), (self.until - dt.timedelta(seconds=1)).astimezone(zone).date()
        return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]

    def conversations(self, prefix: str = ""):
        """Q for the conversation filters, on a relation `prefix` ("conversation__") or the row itself."""
        q = Q()
        if self.channel:
            q &= Q(**{f"{prefix}channel": self.channel})
        if self.team_id:
            q &= Q(**{f"{prefix}team_id": self.team_id})
        if self.account_id:
            q &= Q(**{f"{prefix}account_id": self.account_id})
        return q

    @property
    def narrowed(self) -> bool:
        return bool(self.channel or self.team_id or self.account_id)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _buckets(seconds_expr):
    whens, lower = [], 0
    for i, (upper, _label) in enumerate(BUCKETS):
        if upper is None:
            break
        whens.append(When(**{"secs__lt": upper * 3600}, then=Value(i)))
        lower = upper
    return Case(*whens, default=Value(len(BUCKETS) - 1), output_field=IntegerField())


def new_conversations(r: Range):
    return Conversation.objects.filter(r.conversations(), created_at__gte=r.since, created_at__lt=r.until)


def _iso_days(rows) -> list[tuple]:
    """Rows whose first value is a local day (a date), with the day as 'YYYY-MM-DD'."""
    return [(day.isoformat(), *rest) for day, *rest in rows]


def new_by_day(r: Range) -> list[tuple[str, str, str, int]]:
    """(day, channel, intent, new conversations) of the range: one GROUP BY for three tables."""
    return r.once("new_by_day", lambda: _iso_days(new_conversations(r).annotate(day=r.day("created_at"))
                                                  .values_list("day", "channel", "intent").annotate(n=Count("id"))))


def _summed(rows, key) -> list[tuple]:
    """Sums of the last item of each row by key(row), in key order."""
    out: dict = {}
    for row in rows:
        k = key(row)
        out[k] = out.get(k, 0) + row[-1]
    return sorted(((*k, n) for k, n in out.items()), key=lambda row: [(v is None, v) for v in row[:-1]])


def volume_by_channel(r: Range) -> Table:
    rows = _summed(new_by_day(r), lambda x: (x[0], x[1]))
    return Table("volume_channel", str(_("New conversations by day and channel")), [str(_("Day")), str(_("Channel")), str(_("Conversations"))],
                 [[day, labels.label(labels.CHANNELS, channel), n] for day, channel, n in rows])


def volume_by_intent(r: Range) -> Table:
    rows = _summed(new_by_day(r), lambda x: (x[0], x[2] or "other"))
    return Table("volume_intent", str(_("New conversations by day and intent")), [str(_("Day")), str(_("Intent")), str(_("Conversations"))],
                 [[day, labels.label(labels.INTENTS, intent), n] for day, intent, n in rows])


def complaint_types(r: Range) -> Table:
    """This period against the one before it, same length."""
    length = r.until - r.since
    before = Range(r.since - length, r.since, r.tz, r.channel, r.team_id, r.account_id)
    now = {intent: n for intent, n in _summed(new_by_day(r), lambda x: (x[2],)) if intent in COMPLAINTS}
    then = dict(new_conversations(before).filter(intent__in=COMPLAINTS).values_list("intent").annotate(n=Count("id")))
    rows = sorted(([labels.label(labels.INTENTS, k), now.get(k, 0), then.get(k, 0), now.get(k, 0) - then.get(k, 0)] for k in COMPLAINTS
                   if now.get(k) or then.get(k)), key=lambda x: -x[1])
    return Table("complaints", str(_("Complaint types")), [str(_("Type")), str(_("This period")), str(_("Period before")), str(_("Change"))], rows)


def returns_by_product(r: Range) -> Table:
    """Return, refund and damage conversations, and platform return requests, by the order's first SKU."""
    convs = (new_conversations(r).filter(intent__in=RETURNS, order__isnull=False)
             .annotate(sku=FirstItem("order__items", key="sku"), title=FirstItem("order__items", key="title"))
             .values("sku", "title", "intent").annotate(n=Count("id")))
    from sellerdesk.orders.models import Claim

    claims = Claim.objects.filter(kind="return_request", created_at__gte=r.since, created_at__lt=r.until, order__isnull=False)
    if r.narrowed:
        claims = claims.filter(r.conversations("conversation__"))
    claims = (claims.annotate(sku=FirstItem("order__items", key="sku"), title=FirstItem("order__items", key="title"))
              .values("sku", "title", "reason").annotate(n=Count("id")))
    rows = [[x["sku"] or "–", x["title"] or "", str(labels.label(labels.INTENTS, x["intent"])), x["n"]] for x in convs]
    rows += [[x["sku"] or "–", x["title"] or "", x["reason"] or str(_("Return request")), x["n"]] for x in claims]
    rows.sort(key=lambda x: (-x[3], x[0], x[2]))
    return Table("returns", str(_("Returns and refunds by product")), [str(_("SKU")), str(_("Product")), str(_("Reason")), str(_("Count"))], rows)


def _timed_by(qs, later: str, earlier: str, who: str) -> list[tuple]:
    """(bucket, person, rows, timed rows, summed seconds) in one GROUP BY: the histogram, its
    average and each person's average all come from it (an average is the summed seconds over the
    timed rows, what AVG computes), so the rows are read once."""
    qs = qs.annotate(secs=SecondsBetween(F(later), F(earlier)), bucket=_buckets("secs"))
    return list(qs.values_list("bucket", who).annotate(n=Count("id"), timed=Count("secs"), total=Sum("secs")))


def _histogram(rows) -> tuple[list[int], float | None]:
    """(rows per bucket, average hours) of _timed_by's rows."""
    counts, timed, total = {}, 0, 0
    for bucket, _who, n, t, secs in rows:
        counts[bucket] = counts.get(bucket, 0) + n
        timed += t
        total += secs or 0
    avg = total / timed if timed else None
    return [counts.get(i, 0) for i in range(len(BUCKETS))], (round(avg / 3600, 1) if avg is not None else None)


def _per_person(rows) -> dict[int, tuple[int, float | None]]:
    """{person: (rows, average seconds)} of _timed_by's rows, people only."""
    out: dict[int, list] = {}
    for _bucket, who, n, t, secs in rows:
        if who is not None:
            acc = out.setdefault(who, [0, 0, 0.0])
            acc[0] += n
            acc[1] += t
            acc[2] += secs or 0
    return {who: (n, total / timed if timed else None) for who, (n, timed, total) in out.items()}


def first_responses(r: Range) -> list[tuple]:
    return r.once("first_responses", lambda: _timed_by(new_conversations(r).filter(first_response_at__isnull=False),
                                                         "first_response_at", "created_at", "assignee"))


def resolutions(r: Range) -> list[tuple]:
    events = Event.objects.filter(r.conversations("conversation__"), kind="resolved", created_at__gte=r.since, created_at__lt=r.until)
    return r.once("resolutions", lambda: _timed_by(events, "created_at", "conversation__created_at", "actor"))


def first_response_times(r: Range) -> Table:
    counts, avg = _histogram(first_responses(r))
    t = Table("first_response", str(_("First response time")), [str(_("Answered within")), str(_("Conversations"))],
              [[label, n] for (_u, label), n in zip(BUCKETS, counts)])
    t.average_hours = avg
    return t


def resolution_times(r: Range) -> Table:
    counts, avg = _histogram(resolutions(r))
    t = Table("resolution", str(_("Resolution time")), [str(_("Resolved within")), str(_("Conversations"))],
              [[label, n] for (_u, label), n in zip(BUCKETS, counts)])
    t.average_hours = avg
    return t


def deadlines_decided(r: Range) -> tuple[list[tuple], list[tuple]]:
    """Deadlines decided in the period, (day, channel, count) met (at met_at) and breached (at
    due_at): two GROUP BYs for both SLA tables. Reply windows left out."""

    def query():
        base = Deadline.objects.filter(r.conversations("conversation__")).exclude(policy__group="window")
        met = (base.filter(state="met", met_at__gte=r.since, met_at__lt=r.until).annotate(day=r.day("met_at"))
               .values_list("day", "conversation__channel").annotate(n=Count("id")))
        missed = (base.filter(state="breached", due_at__gte=r.since, due_at__lt=r.until).annotate(day=r.day("due_at"))
                  .values_list("day", "conversation__channel").annotate(n=Count("id")))
        return _iso_days(met), _iso_days(missed)

    return r.once("deadlines_decided", query)


def sla_met(r: Range) -> Table:
    """Deadlines decided in the period by channel."""
    met_rows, missed_rows = deadlines_decided(r)
    met = dict(_summed(met_rows, lambda x: (x[1],)))
    missed = dict(_summed(missed_rows, lambda x: (x[1],)))
    rows = [[labels.label(labels.CHANNELS, ch), met.get(ch, 0), missed.get(ch, 0), _pct(met.get(ch, 0), met.get(ch, 0) + missed.get(ch, 0))]
            for ch in sorted(set(met) | set(missed))]
    total_met, total_missed = sum(met.values()), sum(missed.values())
    t = Table("sla", str(_("SLA met by channel")), [str(_("Channel")), str(_("Met")), str(_("Missed")), str(_("Met %"))], rows)
    t.met_pct = _pct(total_met, total_met + total_missed)
    return t


def sla_by_day(r: Range) -> Table:
    met_rows, missed_rows = deadlines_decided(r)
    met = dict(_summed(met_rows, lambda x: (x[0],)))
    missed = dict(_summed(missed_rows, lambda x: (x[0],)))
    rows = [[d, met.get(d, 0), missed.get(d, 0), _pct(met.get(d, 0), met.get(d, 0) + missed.get(d, 0))] for d in r.days()]
    return Table("sla_day", str(_("SLA met by day")), [str(_("Day")), str(_("Met")), str(_("Missed")), str(_("Met %"))], rows)


def agent_replies(r: Range):
    """(agent id, replies) in the range: read from the index message_agent_reply alone (COUNT of the
    author, a column of the index, where COUNT(id) would read every row; the direction written as a
    constant, EqualsConstant)."""
    return (Message.objects.filter(r.conversations("conversation__"), EqualsConstant("direction", "out"), is_automated=False,
                                   author__isnull=False, created_at__gte=r.since, created_at__lt=r.until)
            .values_list("author").annotate(n=Count("author")))


def agents(r: Range) -> Table:
    from django.contrib.auth import get_user_model

    replies = dict(agent_replies(r))
    resolved = {who: n for who, (n, _avg) in _per_person(resolutions(r)).items()}
    breaches = dict(Breach.objects.filter(r.conversations("conversation__"), agent__isnull=False, breached_at__gte=r.since,
                                          breached_at__lt=r.until).values_list("agent").annotate(n=Count("id")))
    first = {a: round(avg / 3600, 1) for a, (_n, avg) in _per_person(first_responses(r)).items() if avg is not None}
    csat = {}
    for rating, agent, n in ratings(r):
        if agent is not None:
            total, count = csat.get(agent, (0, 0))
            csat[agent] = (total + rating * n, count + n)
    csat = {a: (round(total / count, 2), count) for a, (total, count) in csat.items()}
    ids = set(replies) | set(resolved) | set(breaches) | set(first) | set(csat)
    users = get_user_model().objects.filter(pk__in=ids).select_related("agent")
    rows = []
    for u in users:
        name = getattr(getattr(u, "agent", None), "name", "") or u.get_username()
        score, answers = csat.get(u.pk, (None, 0))
        rows.append([name, replies.get(u.pk, 0), resolved.get(u.pk, 0), first.get(u.pk), breaches.get(u.pk, 0), score, answers])
    rows.sort(key=lambda x: (-x[1], x[0]))
    return Table("agents", str(_("Agent performance")), [str(_("Agent")), str(_("Replies")), str(_("Resolved")),
                 str(_("First response (h, average)")), str(_("Deadlines missed")), str(_("CSAT (1–5)")), str(_("Surveys answered"))], rows)


def _answered_surveys(r: Range):
    from sellerdesk.csat.models import Survey

    return Survey.objects.filter(r.conversations("conversation__"), rating__isnull=False, answered_at__gte=r.since, answered_at__lt=r.until)


def ratings(r: Range) -> list[tuple[int, int | None, int]]:
    """(rating, agent, answers) of the surveys answered in the range: the chart and each agent's score."""
    return r.once("ratings", lambda: list(_answered_surveys(r).values_list("rating", "agent").annotate(n=Count("id"))))


def csat(r: Range) -> Table:
    from sellerdesk.csat.models import Survey

    answered = _answered_surveys(r)
    dist = dict(_summed(ratings(r), lambda x: (x[0],)))
    sent = Survey.objects.filter(r.conversations("conversation__"), sent_at__gte=r.since, sent_at__lt=r.until).count()
    t = Table("csat", str(_("Customer satisfaction")), [str(_("Rating")), str(_("Answers"))], [[i, dist.get(i, 0)] for i in range(5, 0, -1)])
    total = sum(dist.values())
    t.average = round(sum(k * v for k, v in dist.items()) / total, 2) if total else None
    t.sent, t.answered = sent, total
    t.comments = list(answered.exclude(comment="").order_by("-answered_at").values("conversation_id", "rating", "comment")[:10])
    return t


def platform_rates(r: Range) -> Table:
    from sellerdesk.metrics.platform import platform_metrics

    rows = []
    for channel, periods in platform_metrics(r.until).items():
        for days, rate in periods.items():
            rows.append([labels.label(labels.CHANNELS, channel), int(days), rate.get("counted"), rate.get("response_rate_pct"),
                         rate.get("late_rate_pct")])
    return Table("platform", str(_("Platform response rates (as the platforms count them)")),
                 [str(_("Platform")), str(_("Days")), str(_("Buyer messages counted")), str(_("Answered in time %")), str(_("Late or unanswered %"))], rows)


BUILDERS = [volume_by_channel, volume_by_intent, complaint_types, returns_by_product, first_response_times, resolution_times,
            sla_met, sla_by_day, agents, csat, platform_rates]


def build(r: Range, only: str = "") -> dict[str, Table]:
    out = {}
    for builder in BUILDERS:
        t = builder(r)
        out[t.key] = t
        if only and t.key == only:
            return {only: t}
    return out
