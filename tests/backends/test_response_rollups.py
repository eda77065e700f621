"""The supervisor metrics' fast paths give the same numbers as counting every row, on SQLite and PostgreSQL.

A small desk of a few months (platform conversations with buyer messages, replies, automated and
failed replies, notes, mail delivered late, TikTok Southeast Asia's 12 h window) is written with
single and multi-row statements; then changed the ways a desk changes: late replies, "no
response needed", a send that fails, a reply deleted, messages moved to another conversation,
a conversation deleted, a buyer erased, unrelated updates. After every change the hourly rollups
equal a recount from the messages, and `platform_metrics` equals the message-by-message count
at several moments. SLA met % is compared with a per-row count in zones with DST changes.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

import pytest
from django.db import connection

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.metrics import platform, responses
from sellerdesk.metrics.models import ResponseHour
from sellerdesk.metrics.sla import sla_met
from sellerdesk.metrics.windows import NO_RESPONSE_NEEDED, PLATFORMS, window_hours
from sellerdesk.privacy.erase import erase
from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Deadline, Policy
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

NOW = dt.datetime(2026, 11, 23, 14, 7, 31, 250_000, tzinfo=dt.timezone.utc)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
MOMENTS = [NOW, NOW - 3 * D + 17 * dt.timedelta(minutes=1), NOW + 2 * D + dt.timedelta(microseconds=7)]


def first_reply(buyer: Message, replies: list[Message], channel: str):
    """The straightforward rule: the first reply at or after the buyer wrote that did not fail."""
    times = [r.created_at for r in replies if r.created_at >= buyer.sent_at and r.delivery_status != "failed"
             and not (channel == "amazon" and r.is_automated)]
    return min(times, default=None)


def recounted() -> dict:
    """The rollup rows as counting every buyer message gives them."""
    out: dict[tuple, list[int]] = {}
    for conv in Conversation.objects.filter(channel__in=PLATFORMS):
        msgs = list(conv.messages.all())
        replies = [m for m in msgs if m.direction == "out"]
        for m in msgs:
            if m.direction != "in":
                continue
            assert m.answered_at == first_reply(m, replies, conv.channel), m.pk  # the stored first response
            if m.is_automated or NO_RESPONSE_NEEDED in (m.flags or []):
                continue
            window = window_hours(conv.channel, conv.marketplace)
            row = out.setdefault((conv.channel, window, int(m.sent_at.timestamp() // 3600)), [0, 0, 0, 0])
            row[0] += 1
            if m.answered_at is not None:
                took = (m.answered_at - m.sent_at) // dt.timedelta(microseconds=1)
                row[1] += 1
                row[2] += took <= window * 3600 * 10**6
                row[3] += took
    return {k: v for k, v in out.items()}


def rolled() -> dict:
    return {(r.channel, r.window_hours, r.hour): [r.messages, r.answered, r.in_time, r.response_us]
            for r in ResponseHour.objects.all() if (r.messages, r.answered, r.in_time, r.response_us) != (0, 0, 0, 0)}


def check() -> None:
    assert rolled() == recounted()
    for now in MOMENTS:
        assert platform.platform_metrics(now) == platform.counted_per_message(now)


def build_desk(rng: random.Random) -> list[Conversation]:
    accounts = {ch: ChannelAccount.objects.create(kind="email", name=ch, address=f"{ch}@shop.example") for ch in [*PLATFORMS, "email"]}
    customers = [Customer.objects.create(name=f"Buyer {i}", email=f"b{i}@example.com", created_at=NOW - 200 * D) for i in range(8)]
    convs = []
    for k in range(48):
        channel = [*PLATFORMS, "email"][k % 4]
        marketplace = {"amazon": "US", "tiktok": ["MY", "US", "th"][k % 3]}.get(channel, "")
        start = NOW - dt.timedelta(seconds=rng.randint(0, 110 * 86400), microseconds=rng.randint(0, 999_999))
        conv = Conversation.objects.create(channel=channel, account=accounts[channel], marketplace=marketplace,
                                           customer=customers[k % len(customers)], subject=f"Q{k}", created_at=start,
                                           last_message_at=start)
        rows, t = [], start
        for j in range(rng.randint(1, 9)):
            direction = "in" if j % 2 == 0 or rng.random() < 0.25 else ("note" if rng.random() < 0.1 else "out")
            late_mail = direction == "in" and rng.random() < 0.1  # written before the reply before it was stored
            sent = t - dt.timedelta(hours=rng.randint(1, 5)) if late_mail else t
            rows.append(Message(
                conversation=conv, account=conv.account, direction=direction, body_text="text",
                is_automated=rng.random() < (0.3 if direction == "out" else 0.05),
                delivery_status=("failed" if rng.random() < 0.1 else "sent") if direction == "out" else "received",
                flags=[NO_RESPONSE_NEEDED] if direction == "in" and rng.random() < 0.07 else [],
                sent_at=sent, created_at=t))
            t += dt.timedelta(seconds=rng.choice([rng.randint(60, 11 * 3600), rng.randint(11 * 3600, 13 * 3600),
                                                  rng.randint(23 * 3600, 25 * 3600), rng.randint(25 * 3600, 80 * 3600)]),
                              microseconds=rng.randint(0, 999_999))
        if k % 3 == 0:
            for row in rows:  # one statement per message
                row.save()
        else:
            Message.objects.bulk_create(rows)  # one statement for the thread
        convs.append(conv)
    # Buyer messages around the hours where windows close (12 h TikTok MY, 24 h) and periods start, seen from each moment.
    sea = next(c for c in convs if c.channel == "tiktok" and c.marketplace == "MY")
    for moment in MOMENTS:
        for conv, hours in ((convs[0], [24, 7 * 24, 30 * 24, 90 * 24]), (sea, [12, 24, 90 * 24])):
            for h in hours:
                for minutes in (-9, -3, 2, 11):
                    at = moment - dt.timedelta(hours=h, minutes=minutes, microseconds=rng.randint(0, 999_999))
                    Message.objects.create(conversation=conv, account=conv.account, direction="in", sent_at=at, created_at=at)
                    if minutes == 2:
                        Message.objects.create(conversation=conv, account=conv.account, direction="out", delivery_status="sent",
                                               sent_at=at + H, created_at=at + dt.timedelta(minutes=30))
    # Replies exactly at the edge of a window, written at once.
    edge = convs[0]
    buyer = Message.objects.create(conversation=edge, account=edge.account, direction="in", sent_at=NOW - 30 * D,
                                   created_at=NOW - 30 * D)
    Message.objects.create(conversation=edge, account=edge.account, direction="out", delivery_status="sent",
                           sent_at=buyer.sent_at + 24 * H, created_at=buyer.sent_at + 24 * H)
    return convs


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_rollups_and_platform_metrics_equal_counting_every_message(backend):
    rng = random.Random(18)
    assert responses.is_built()  # the migration counted the (empty) desk
    convs = build_desk(rng)
    assert Message.objects.filter(direction="in").count() > 100
    assert Message.objects.filter(direction="in", answered_at__isnull=False).exclude(answered_at__gt=NOW).count() > 20
    check()
    amazon = platform.platform_metrics(NOW)["amazon"]["90"]
    assert amazon["counted"] > 10 and amazon["late"] > 0 and amazon["in_time"] > 0 and amazon["unanswered"] > 0

    # Late replies to old buyer messages, one automated (does not answer on Amazon), then one that fails.
    for conv in convs[:12]:
        buyer = conv.messages.filter(direction="in").order_by("sent_at").first()
        Message.objects.create(conversation=conv, account=conv.account, direction="out", delivery_status="queued",
                               is_automated=conv.pk % 2 == 0, sent_at=NOW - 2 * D, created_at=buyer.sent_at + 2 * D + H)
    check()
    Message.objects.filter(direction="out", created_at__gt=NOW - 60 * D).update(delivery_status="sent")  # no answer moves
    check()
    failed = Message.objects.filter(direction="out", delivery_status="sent").order_by("pk")[::3]
    Message.objects.filter(pk__in=[m.pk for m in failed]).update(delivery_status="failed", error="bounced")
    check()

    # "No response needed" through the action; then a reply deleted; then all of one thread's replies.
    agent = _agent()
    for m in Message.objects.filter(direction="in", flags=[]).order_by("pk")[:5]:
        actions.mark_no_response_needed(m, agent)
    check()
    Message.objects.filter(pk=Message.objects.filter(direction="out").order_by("pk").values("pk")[:1]).delete()
    check()
    Message.objects.filter(conversation=convs[5], direction="out").delete()
    check()

    # Messages moved to another conversation (another channel, another window), buyer's time corrected.
    Message.objects.filter(conversation=convs[2]).update(conversation=convs[1])
    check()
    Message.objects.filter(conversation=convs[3], direction="in").update(sent_at=NOW - 40 * D)
    check()
    Message.objects.update(body_text="edited")  # nothing counted changes
    check()

    # A conversation deleted, a buyer erased.
    Conversation.objects.filter(pk=convs[7].pk).delete()
    check()
    erase(Customer.objects.get(email="b3@example.com"), actor=agent)
    check()

    # The backfill (for desks older than the triggers) rebuilds the same from scratch.
    before = rolled()
    with connection.cursor() as cur:
        cur.execute("UPDATE conversations_message SET answered_at = NULL")
        cur.execute("DELETE FROM metrics_responsehour")
    responses.backfill(batch=7)
    assert rolled() == before
    check()


def _agent():
    from django.core.management import call_command
    from django.contrib.auth import get_user_model

    call_command("createagent", "boss", password="agent-password", role="supervisor", verbosity=0)
    return get_user_model().objects.get(username="boss")


def sla_met_per_row(days: int, *, group: str, now: dt.datetime, tz: str) -> dict:
    """SLA met % as counting every decided deadline in Python gives it."""
    since, zone = now - dt.timedelta(days=days), zoneinfo.ZoneInfo(tz)
    counts: dict[str, dict] = {d: {} for d in ("channel", "intent", "agent", "day")}
    total = [0, 0]
    for d in Deadline.objects.exclude(policy__group="window").select_related("conversation", "policy"):
        if group and d.policy.group != group:
            continue
        met = d.state == "met"
        decided = d.met_at if met else d.due_at
        if d.state not in ("met", "breached") or not since <= decided <= now:
            continue
        c = d.conversation
        keys = {"channel": c.channel, "intent": c.intent or "", "agent": str(c.assignee_id) if c.assignee_id else "",
                "day": decided.astimezone(zone).date().isoformat()}
        for dim, key in keys.items():
            counts[dim].setdefault(key, [0, 0])[0 if met else 1] += 1
        total[0 if met else 1] += 1

    def row(c):
        return {"met": c[0], "breached": c[1], "met_pct": round(100 * c[0] / (c[0] + c[1]), 2) if c[0] + c[1] else None}

    return {"days": days, "group": group, "all": row(total), **{d: {k: row(c) for k, c in sorted(v.items())} for d, v in counts.items()}}


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_sla_met_equals_counting_every_deadline_across_dst_changes(backend):
    presets.apply(Calendar, Policy)
    agent = _agent()
    rng = random.Random(7)
    policies = list(Policy.objects.all())
    assert {p.group for p in policies} >= {"platform", "window"}
    account = ChannelAccount.objects.create(kind="email", name="Shop", address="shop@example.com")
    buyer = Customer.objects.create(name="B", email="b@example.com", created_at=NOW - 200 * D)
    rows = []
    for k in range(300):
        conv = Conversation.objects.create(channel=["amazon", "ebay", "email"][k % 3], account=account, customer=buyer,
                                           intent=["", "where_is_order", "refund"][k % 3 if k % 5 else 0],
                                           assignee=agent if k % 4 else None, created_at=NOW - 100 * D, last_message_at=NOW)
        # Decisions around the DST changes (Europe 25 Oct, America 1 Nov) and midnights of several zones.
        decided = NOW - dt.timedelta(seconds=rng.randint(0, 95 * 86400))
        if k % 6 == 0:
            decided = dt.datetime(2026, [10, 11][k % 2], [25, 1][k % 2], rng.randint(0, 23), rng.choice([0, 29, 30, 59]),
                                  rng.randint(0, 59), tzinfo=dt.timezone.utc)
        state = rng.choice(["met", "breached", "active", "cancelled"])
        rows.append(Deadline(conversation=conv, policy=policies[k % len(policies)], metric="first_response", kind="k",
                             state=state, starts_at=decided - D, created_at=decided - D,
                             due_at=decided if state != "met" else decided + H,
                             met_at=decided if state == "met" else (decided + H if k % 7 == 0 else None)))
    Deadline.objects.bulk_create(rows)
    for tz in ("UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Asia/Shanghai"):
        for days in (7, 30, 90):
            for group in ("", "platform"):
                for now in (NOW, dt.datetime(2026, 11, 1, 7, 0, 0, tzinfo=dt.timezone.utc)):
                    assert sla_met(days, group=group, now=now, tz=tz) == sla_met_per_row(days, group=group, now=now, tz=tz)
    assert sla_met(90, now=NOW)["all"]["met"] > 20
