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
