"""Routing against the database: the pipeline's assignment, vacation coverage and the no-reply limit."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from sellerdesk.routing import service
from sellerdesk.routing.shifts import ShiftError

# Monday 2026-11-23 02:00 UTC = 10:00 in Shanghai, 03:00 in Berlin.
T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_agent(db):
    def make(name, *, tz="Asia/Shanghai", start="09:00", end="18:00", languages=("en",), skills=(), senior=False, **extra):
        user = get_user_model().objects.create_user(name, password="agent-password")
        AgentProfile.objects.create(
            user=user, display_name=name, timezone=tz, languages=list(languages), skills=list(skills), is_senior=senior,
            shifts=[{"days": WEEKDAYS, "start": start, "end": end}], **extra,
        )
        return user

    return make


@pytest.fixture
def account(db):
    return ChannelAccount.objects.create(kind="email", name="Amazon US", address="amazon-us@shop.example", marketplace="US")


def receive(account, text="Hello, which colours does this lamp come in? Thank you.", channel="amazon", n=[0]):
    n[0] += 1
    msg = InboundMessage(
        external_id=f"<r{n[0]}@buyer.example>", channel=channel, sender=f"buyer{n[0]}@marketplace.amazon.com",
        subject=f"Question {n[0]}", body_text=text, body_full=text, thread_key=f"T-{n[0]}", marketplace="US",
        identities=[("email", f"buyer{n[0]}@marketplace.amazon.com")],
    )
    return actions.receive_message(account, msg).conversation


def stale(at):
    with clock.frozen(at):
        return service.reassign_stale()


def test_pipeline_assigns_an_agent_on_shift_not_one_asleep(make_agent, account):
    make_agent("berlin", tz="Europe/Berlin")  # 03:00 there: asleep
    shanghai = make_agent("shanghai", tz="Asia/Shanghai")
    with clock.frozen(T0):
        conv = receive(account)
    assert conv.assignee == shanghai
    assert list(Event.objects.filter(conversation=conv, kind="assigned").values_list("data", flat=True)) == [
        {"assignee": shanghai.pk, "by": "routing"}
    ]


def test_nobody_on_shift_goes_to_the_agent_whose_shift_starts_first(make_agent, account):
    make_agent("chicago", tz="America/Chicago")  # Mon 09:00 Chicago = 15:00 UTC
    berlin = make_agent("berlin", tz="Europe/Berlin")  # Mon 09:00 Berlin = 08:00 UTC
    with clock.frozen(T0):
        assert receive(account).assignee == berlin


def test_channel_skills_and_language(make_agent, account):
    make_agent("ebay-only", skills=["ebay"])
    make_agent("english", languages=["en"])
    german = make_agent("german", languages=["de", "en"], skills=["amazon"])
    with clock.frozen(T0):
        conv = receive(account, text="Hallo, ich warte seit zwei Wochen auf meine Bestellung. Wo ist sie?")
    assert conv.language == "de"
    assert conv.assignee == german


def test_vacation_reassigns_to_an_agent_on_shift(make_agent, account):
    lena = make_agent("lena")
    with clock.frozen(T0):
        conv = receive(account)
    assert conv.assignee == lena
    cover = make_agent("cover")
    lena.agent.away_from, lena.agent.away_until = T0 + dt.timedelta(minutes=5), T0 + dt.timedelta(days=7)
    lena.agent.save()
    later = T0 + dt.timedelta(minutes=10)
    assert stale(later) == {"reassigned": 1, "kept": 0}
    conv.refresh_from_db()
    assert conv.assignee == cover
    event = Event.objects.filter(conversation=conv, kind="assigned").order_by("-id").first()
    assert event.data == {"assignee": cover.pk, "previous": lena.pk, "by": "routing", "reason": "away"}
    assert event.created_at == later
    assert stale(later) == {"reassigned": 0, "kept": 0}  # nothing left to move


def test_no_reply_within_the_limit_moves_the_conversation(make_agent, account, settings):
    settings.ROUTING_REASSIGN_AFTER_MINUTES = 30
    first = make_agent("first")
    with clock.frozen(T0):
        conv = receive(account)
    second = make_agent("second", capacity=5)
    assert conv.assignee == first
    assert stale(T0 + dt.timedelta(minutes=29)) == {"reassigned": 0, "kept": 0}
    assert stale(T0 + dt.timedelta(minutes=31)) == {"reassigned": 1, "kept": 0}
    conv.refresh_from_db()
    assert conv.assignee == second
    # The new assignee gets the full limit again before it moves on.
    assert stale(T0 + dt.timedelta(minutes=50)) == {"reassigned": 0, "kept": 0}
    assert stale(T0 + dt.timedelta(minutes=62)) == {"reassigned": 1, "kept": 0}


def test_a_replied_conversation_is_not_stale(make_agent, account):
    first = make_agent("first")
    make_agent("second")
    with clock.frozen(T0):
        conv = receive(account)
    with clock.frozen(T0 + dt.timedelta(minutes=5)):
        actions.send_reply(conv, first, "Hello, it comes in white and black.")
    assert stale(T0 + dt.timedelta(hours=2)) == {"reassigned": 0, "kept": 0}


def test_stale_but_nobody_else_on_shift_stays(make_agent, account):
    only = make_agent("only")
    make_agent("night", tz="America/Chicago")
    with clock.frozen(T0):
        conv = receive(account)
    assert stale(T0 + dt.timedelta(hours=1)) == {"reassigned": 0, "kept": 1}
    conv.refresh_from_db()
    assert conv.assignee == only


def test_bad_rota_is_refused_naming_the_field(make_agent):
    user = make_agent("x")
    user.agent.shifts = [{"days": ["mon"], "start": "9", "end": "17:00"}]
    with pytest.raises(ShiftError, match=r"shifts\[0\]\.start"):
        user.agent.clean()
    user.agent.shifts, user.agent.holiday_country = [], "XX"
    with pytest.raises(ShiftError, match="holiday_country"):
        user.agent.clean()


def test_reassignment_keeps_a_claim_with_a_senior(make_agent, account):
    """A conversation holding a claim moves only to another senior, never to whoever is free."""
    from sellerdesk.orders.models import Claim

    first = make_agent("first", senior=True)
    with clock.frozen(T0):
        conv = receive(account)
    Claim.objects.create(platform="amazon", kind="atoz", external_id="A1", conversation=conv, created_at=T0)
    junior = make_agent("junior", capacity=5)
    first.agent.away_from, first.agent.away_until = T0 + dt.timedelta(minutes=5), T0 + dt.timedelta(days=7)
    first.agent.save()
    assert stale(T0 + dt.timedelta(minutes=10)) == {"reassigned": 0, "kept": 1}
    conv.refresh_from_db()
    assert conv.assignee == first
    other_senior = make_agent("other", senior=True)
    assert stale(T0 + dt.timedelta(minutes=11)) == {"reassigned": 1, "kept": 0}
    conv.refresh_from_db()
    assert conv.assignee == other_senior
    assert junior.assigned_conversations.count() == 0
