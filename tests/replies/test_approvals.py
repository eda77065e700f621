"""Approvals: over-limit refunds and policy exceptions wait for a supervisor; decisions are audited."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Event, Message
from sellerdesk.replies import approvals
from sellerdesk.replies.models import Approval

REPLY = "Wir haben Ihnen 80,00 EUR für die Bestellung 302-1234567-1234567 erstattet."


def user(username, role):
    call_command("createagent", username, password=f"pw-{username}-123", role=role, name=username.title(), verbosity=0)
    return get_user_model().objects.get(username=username)


@pytest.fixture
def anna(db):
    return user("anna", "agent")


@pytest.fixture
def li(db):
    return user("liwei", "supervisor")


def client_for(u):
    c = Client()
    c.force_login(u)
    return c


@pytest.fixture(autouse=True)
def limit(settings):
    settings.APPROVAL_REFUND_LIMIT = "50"


def test_a_refund_within_the_limit_goes_out_at_once(make_amazon_conv, anna, now):
    conv = make_amazon_conv()
    a = approvals.request_approval(conv, anna, kind="refund", amount=Decimal("50.00"), currency="eur", reason="damaged", reply_text=REPLY)
    assert (a.status, a.currency, a.decided_by, a.comment) == ("approved", "EUR", None, "within the limit")
    assert a.sent_message.body_text == REPLY and a.sent_message.author == anna
    assert list(Event.objects.filter(conversation=conv).values_list("kind", flat=True).order_by("id")) == ["reply_sent", "approval_not_needed"]
    assert Event.objects.get(kind="approval_not_needed").data == {"approval_id": a.pk, "what": "refund", "amount": "50.00", "currency": "EUR", "limit": "50"}


def test_over_the_limit_waits_then_a_supervisor_approves_and_the_reply_is_sent(make_amazon_conv, anna, li, now):
    conv = make_amazon_conv()
    a = approvals.request_approval(conv, anna, kind="refund", amount=Decimal("80.00"), currency="EUR", reason="broken twice", reply_text=REPLY)
    assert a.status == "pending"
    assert not Message.objects.filter(conversation=conv).exists()
    approved = approvals.approve(a, li, "ok, VIP")
    assert (approved.status, approved.decided_by, approved.decided_at, approved.comment) == ("approved", li, now, "ok, VIP")
    sent = Message.objects.get(conversation=conv)
    assert (sent.body_text, sent.author, sent.delivery_status) == (REPLY, anna, "queued")
    kinds = list(Event.objects.filter(conversation=conv).values_list("kind", "actor__username").order_by("id"))
    assert kinds == [("approval_requested", "anna"), ("reply_sent", "anna"), ("approval_approved", "liwei")]
    assert Event.objects.get(kind="approval_approved").data == {"approval_id": a.pk, "comment": "ok, VIP", "message_id": sent.pk}
    with pytest.raises(ActionError, match="This request has been decided already."):
        approvals.approve(a, li)


def test_exceptions_always_wait_and_rejection_needs_a_comment(make_amazon_conv, anna, li):
    conv = make_amazon_conv()
    a = approvals.request_approval(conv, anna, kind="exception", amount=None, currency="", reason="return after 45 days")
    assert a.status == "pending"
    with pytest.raises(ActionError, match="Say why the request is rejected"):
        approvals.reject(a, li, "  ")
    rejected = approvals.reject(a, li, "policy is 30 days")
    assert (rejected.status, rejected.comment, rejected.sent_message) == ("rejected", "policy is 30 days", None)
    assert Event.objects.get(kind="approval_rejected").data == {"approval_id": a.pk, "comment": "policy is 30 days"}


def test_agents_cannot_decide(make_amazon_conv, anna):
    conv = make_amazon_conv()
    a = approvals.request_approval(conv, anna, kind="credit", amount=Decimal("60"), currency="EUR", reason="goodwill")
    with pytest.raises(ActionError, match="Only a supervisor can approve."):
        approvals.approve(a, anna)
    assert client_for(anna).post(f"/replies/approvals/{a.pk}/approve/", {"comment": ""}).status_code == 403
    a.refresh_from_db()
    assert a.status == "pending"


@pytest.mark.parametrize(
    "kind, amount, reason, reply, error",
    [
        ("refund", None, "x", "", "A refund or credit needs an amount above zero."),
        ("refund", Decimal("0"), "x", "", "A refund or credit needs an amount above zero."),
        ("credit", Decimal("10"), " ", "", "Say why (the supervisor reads this)."),
        ("gift", Decimal("10"), "x", "", "Choose refund, credit or policy exception."),
        ("refund", Decimal("80"), "x", "Sendung: [[tracking_link]]", "Not sent: fill in the template values still marked in the text: [[tracking_link]]."),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(make_amazon_conv, anna, kind, amount, reason, reply, error):
    conv = make_amazon_conv()
    with pytest.raises(ActionError) as exc:
        approvals.request_approval(conv, anna, kind=kind, amount=amount, currency="EUR", reason=reason, reply_text=reply)
    assert str(exc.value) == error
    assert not Approval.objects.exists() and not Event.objects.filter(conversation=conv).exists()


def test_a_reply_a_rule_blocks_cannot_be_put_up_for_approval(make_amazon_conv, anna):
    conv = make_amazon_conv()
    with pytest.raises(ActionError, match="^Not sent: .*is not allowed on Amazon"):
        approvals.request_approval(conv, anna, kind="refund", amount=Decimal("80"), currency="EUR", reason="x",
                                   reply_text="Refund sent. Please update your review to 5 stars.")
    assert not Approval.objects.exists()


def test_the_web_flow_from_panel_to_queue_to_decision(make_amazon_conv, anna, li, now):
    conv = make_amazon_conv()
    response = client_for(anna).post(f"/replies/conversations/{conv.pk}/approval/",
                                     {"kind": "refund", "amount": "80.00", "currency": "EUR", "reason": "broken twice", "text": REPLY},
                                     HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, f"/conversations/{conv.pk}/")
    a = Approval.objects.get()
    queue = client_for(li).get("/replies/approvals/").content.decode()
    assert f'id="approval-{a.pk}"' in queue and REPLY in queue and "80.00 EUR" in queue
    response = client_for(li).post(f"/replies/approvals/{a.pk}/approve/", {"comment": "ok"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.sent_message.body_text) == ("approved", REPLY)
    assert "Nothing is waiting." in client_for(li).get("/replies/approvals/").content.decode()


def test_the_panel_shows_a_bad_request_with_its_reason(make_amazon_conv, anna):
    conv = make_amazon_conv()
    response = client_for(anna).post(f"/replies/conversations/{conv.pk}/approval/", {"kind": "refund", "amount": "", "reason": "x", "text": ""})
    assert response.status_code == 422
    assert "A refund or credit needs an amount above zero." in response.content.decode()


def test_supervisors_see_the_waiting_count_in_the_nav(make_amazon_conv, anna, li):
    conv = make_amazon_conv()
    approvals.request_approval(conv, anna, kind="refund", amount=Decimal("80.00"), currency="EUR", reason="broken twice", reply_text=REPLY)
    html = client_for(li).get("/").content.decode()
    assert '<a href="/replies/approvals/" id="nav-approvals">Approvals <span class="badge" title="Waiting for a supervisor">1</span></a>' in html
    assert 'id="nav-approvals"' not in client_for(anna).get("/").content.decode()
