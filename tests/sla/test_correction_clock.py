"""A triage correction and the clock: a calmer reading never moves the deadline; the reasons follow."""

from sellerdesk.conversations import actions
from sellerdesk.triage.corrections import record_correction
from tests.sla.conftest import T0


def test_lowering_the_tier_keeps_the_platform_clock_and_updates_the_reasons(amazon_account, inbound, at, django_user_model):
    at(T0)
    message = actions.receive_message(amazon_account, inbound(
        subject="A-to-z claim", body_text="I will file an A-to-z claim and a chargeback, the parcel never came. Disgusting!"))
    conv = message.conversation
    assert conv.tier == 1
    before = (conv.next_deadline_at, conv.deadline_kind)
    user = django_user_model.objects.create_user("anna", password="x" * 12)

    record_correction(message, "tier", "2", user)
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == before
    assert conv.tier == 2
    assert conv.urgency_reasons[-1] == "tier set by an agent: 2"
    assert not any(r.startswith("possible tier-1 problem") for r in conv.urgency_reasons)

    record_correction(message, "intent", "order_status", user)
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == before
    assert conv.urgency_reasons[0] == "intent: order status (corrected by an agent)"
    assert sum(r.startswith("intent: ") for r in conv.urgency_reasons) == 1


def test_no_correction_moves_the_platforms_claim_clock_and_a_calmer_one_keeps_the_response_clock(
        amazon_account, inbound, at, django_user_model):
    """Raising, then lowering: the A-to-z respond-by stays Amazon's own; lowering never brings back a
    later response clock, nor makes one stricter; the reasons name the agent's reading."""
    import datetime as dt

    from sellerdesk.channels.base import PlatformClaim
    from sellerdesk.sla.models import Deadline

    at(T0)
    respond_by = T0 + dt.timedelta(hours=72)
    message = actions.receive_message(amazon_account, inbound(
        thread="amazon:113-4829103-5571920", sender="seller-notification@amazon.com", identities=[], is_automated=True,
        subject="A-to-z Guarantee claim for order 113-4829103-5571920", body_text="A buyer has filed an A-to-z Guarantee claim.",
        order_number="113-4829103-5571920", order_platform="amazon",
        claim=PlatformClaim(kind="atoz", external_id="5290017734", order_number="113-4829103-5571920", respond_by=respond_by)))
    conv = message.conversation
    claim_clock = Deadline.objects.get(conversation=conv, claim__isnull=False)
    assert (claim_clock.due_at, claim_clock.state) == (respond_by, "active")
    user = django_user_model.objects.create_user("anna", password="x" * 12)

    record_correction(message, "tier", "1", user)
    record_correction(message, "intent", "complaint", user)
    conv.refresh_from_db()
    after_raise = (conv.next_deadline_at, conv.deadline_kind)
    assert after_raise[0] <= respond_by

    record_correction(message, "tier", "3", user)
    record_correction(message, "intent", "feedback_thanks", user)
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == after_raise  # calmer: the clock stays where it was
    claim_clock.refresh_from_db()
    assert (claim_clock.due_at, claim_clock.state, claim_clock.kind) == (respond_by, "active", "A-to-z respond-by")
    assert conv.urgency_reasons[0] == "intent: feedback thanks (corrected by an agent)"
    assert conv.urgency_reasons[-1] == "tier set by an agent: 3"
    assert sum(r.startswith("tier set by an agent") for r in conv.urgency_reasons) == 1
