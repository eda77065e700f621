"""Rules that depend on the send, not the text: reply windows, quiet hours, attachments, feedback once."""

import datetime as dt

import pytest

from sellerdesk.replies.compliance import SendContext, check

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
TEXT = "Your parcel is out for delivery today."


def verdict(channel, **ctx):
    return check(TEXT, channel=channel, context=SendContext(now=ctx.pop("now", NOW), **ctx))


def ago(**delta):
    return NOW - dt.timedelta(**delta)


@pytest.mark.parametrize(
    "channel, age, status",
    [
        ("whatsapp", dt.timedelta(hours=24), "clean"),
        ("whatsapp", dt.timedelta(hours=24, minutes=1), "blocked"),
        ("wechat", dt.timedelta(hours=48), "clean"),
        ("wechat", dt.timedelta(hours=48, minutes=1), "blocked"),
        ("messenger", dt.timedelta(hours=24), "clean"),
        ("messenger", dt.timedelta(hours=30), "warned"),
        ("instagram", dt.timedelta(days=7), "warned"),
        ("instagram", dt.timedelta(days=7, minutes=1), "blocked"),
        ("amazon", dt.timedelta(days=30), "clean"),
    ],
)
def test_reply_window_edges(channel, age, status):
    assert verdict(channel, last_inbound_at=NOW - age).status == status


def test_reply_window_reasons():
    assert [f.reason for f in verdict("whatsapp", last_inbound_at=ago(hours=30)).findings] == [
        "the buyer's last message was 30 h ago: WhatsApp accepts free-form replies only within 24 h of the buyer's "
        "last message; send an approved template instead"
    ]
    assert [f.reason for f in verdict("wechat", last_inbound_at=None).findings] == [
        "the buyer has not written in this conversation: WeChat accepts customer-service messages only within 48 h "
        "of the buyer's last message; use a template message"
    ]
    assert [(f.rule_id, f.reason) for f in verdict("messenger", last_inbound_at=ago(hours=30)).findings] == [
        (
            "meta.reply_window_24h",
            "the buyer's last message was 30 h ago: outside Messenger's standard 24 h window the reply can only go out "
            "with the HUMAN_AGENT tag (if the Meta app has that permission) — a person must write it and it must not "
            "promote anything",
        )
    ]


def test_human_agent_tag_is_never_for_automated_sends():
    found = verdict("messenger", last_inbound_at=ago(hours=30), automated=True).findings
    assert [(f.rule_id, f.reason) for f in found] == [
        (
            "meta.human_agent_7d",
            "the buyer's last message was 30 h ago: Messenger accepts automated replies only within 24 h of the "
            "buyer's last message",
        )
    ]


@pytest.mark.parametrize(
    "utc, status",
    [
        ("2026-11-23T19:59:00+00:00", "clean"),  # 20:59 in Berlin
        ("2026-11-23T20:00:00+00:00", "blocked"),  # 21:00
        ("2026-11-24T06:59:00+00:00", "blocked"),  # 07:59
        ("2026-11-24T07:00:00+00:00", "clean"),  # 08:00
    ],
)
def test_quiet_hours_edges_in_buyer_zone(utc, status):
    v = verdict("email", automated=True, buyer_timezone="Europe/Berlin", now=dt.datetime.fromisoformat(utc))
    assert v.status == status


def test_quiet_hours_reason_and_human_sends():
    night = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.timezone.utc)
    v = verdict("amazon", automated=True, buyer_country="DE", now=night)
    assert [f.reason for f in v.findings] == [
        "automated send at 23:30 in the buyer's time zone (Europe/Berlin) falls in quiet hours 21:00–08:00; "
        "schedule it for the morning"
    ]
    # An agent's own reply is not held back.
    assert verdict("amazon", automated=False, buyer_country="DE", now=night).status == "clean"


def test_quiet_hours_in_a_country_with_several_zones():
    # 16:30 UTC: 11:30 in New York but 08:30 in Los Angeles -> all zones awake.
    assert verdict("email", automated=True, buyer_country="US", now=NOW.replace(hour=16, minute=30)).status == "clean"
    # 15:30 UTC: 07:30 in Los Angeles -> still night there.
    v = verdict("email", automated=True, buyer_country="US", now=NOW.replace(hour=15, minute=30))
    assert [f.excerpt for f in v.findings] == [""]
    assert "(America/Los_Angeles)" in v.findings[0].reason


def test_quiet_hours_fall_back_to_the_marketplace_and_skip_when_unknown():
    night_in_tokyo = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)  # 23:00 JST
    assert verdict("amazon", automated=True, marketplace="JP", now=night_in_tokyo).status == "blocked"
    assert verdict("email", automated=True, now=night_in_tokyo).status == "clean"
    # a bad zone name falls back to the country
    assert verdict("email", automated=True, buyer_timezone="Mars/Olympus", buyer_country="JP", now=night_in_tokyo).status == "blocked"


def test_attachments_on_amazon():
    v = verdict("amazon", attachments=(("manual.zip", "application/zip"), ("label.png", "image/png"), ("x.pdf", "text/html")))
    assert [f.reason for f in v.findings] == [
        "attachment manual.zip is not allowed on Amazon: files of type .zip may not be attached",
        "attachment x.pdf is not allowed on Amazon: its content type text/html is not a permitted type",
    ]
    too_big = verdict("amazon", attachments=(("a.jpg", "image/jpeg", 6_000_000), ("b.jpg", "image/jpeg", 6_000_000)))
    assert [f.reason for f in too_big.findings] == [
        "attachment 2 files is not allowed on Amazon: together they are 11.4 MB, over the 10 MB limit"
    ]
    assert verdict("email", attachments=(("manual.zip", "application/zip"),)).status == "clean"


def test_second_feedback_request_for_an_order():
    text = "If you have a moment, we would appreciate your feedback on this order."
    first = check(text, channel="amazon", context=SendContext(now=NOW))
    again = check(text, channel="amazon", context=SendContext(now=NOW, feedback_already_requested=True))
    assert first.status == "clean"
    assert [(f.rule_id, f.excerpt) for f in again.findings] == [
        ("amazon.feedback_request_once", "we would appreciate your feedback")
    ]
