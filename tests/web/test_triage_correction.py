"""An agent corrects triage from the conversation sidebar; the correction is stored for retraining."""

from sellerdesk.conversations.models import Event, Message
from sellerdesk.triage.corrections import training_rows
from sellerdesk.triage.models import TriageCorrection
from tests.web.conftest import T0


def _inbound(conv, text):
    return Message.objects.create(conversation=conv, account=conv.account, direction="in", body_text=text, body_full=text,
                                  language="en", sent_at=T0, created_at=T0)


def test_sidebar_offers_the_correction_form_with_current_values(web, make_conv):
    conv = make_conv(intent="order_status", tier=2, language="de", sentiment="neutral")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'hx-post="/conversations/{conv.pk}/triage/"' in html
    assert '<option value="order_status" selected>Order status</option>' in html
    assert '<option value="2" selected>Tier 2: answer today</option>' in html
    assert '<option value="de" selected>German</option>' in html


def test_correcting_intent_and_tier_records_each_change_once(web, agent, make_conv, now):
    conv = make_conv(intent="order_status", tier=2, language="en", sentiment="neutral")
    message = _inbound(conv, "My parcel never arrived and tracking has not moved for two weeks")

    response = web.post(f"/conversations/{conv.pk}/triage/",
                        {"intent": "delivery_issue", "tier": "1", "language": "en", "sentiment": "neutral"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Triage corrected; the next model learns from it." in response.content.decode()
    conv.refresh_from_db()
    assert (conv.intent, conv.intent_confidence, conv.tier) == ("delivery_issue", 1.0, 1)
    rows = list(TriageCorrection.objects.order_by("id").values_list("message_id", "field", "old_value", "new_value", "user_id"))
    assert rows == [(message.pk, "intent", "order_status", "delivery_issue", agent.pk), (message.pk, "tier", "2", "1", agent.pk)]
    assert list(Event.objects.filter(kind="triage_corrected").values_list("data", flat=True).order_by("id")) == [
        {"message_id": message.pk, "field": "intent", "old": "order_status", "new": "delivery_issue"},
        {"message_id": message.pk, "field": "tier", "old": "2", "new": "1"},
    ]
    assert [(r["text"], r["intent"]) for r in training_rows()] == [
        ("My parcel never arrived and tracking has not moved for two weeks", "delivery_issue")
    ]


def test_nothing_changed_or_no_buyer_message_is_refused(web, make_conv):
    conv = make_conv(intent="refund", tier=2, language="en", sentiment="neutral")
    response = web.post(f"/conversations/{conv.pk}/triage/", {"intent": "refund", "tier": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "There is no buyer message to correct." in response.content.decode()
    _inbound(conv, "Refund please")
    response = web.post(f"/conversations/{conv.pk}/triage/", {"intent": "refund", "tier": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Nothing changed: pick the right value first." in response.content.decode()
    response = web.post(f"/conversations/{conv.pk}/triage/", {"intent": "bogus"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "&#x27;bogus&#x27; is not a valid intent" in response.content.decode()
    assert TriageCorrection.objects.count() == 0


def test_refusal_is_in_the_agents_language(web, make_conv):
    conv = make_conv(intent="refund", tier=2, language="en", sentiment="neutral")
    _inbound(conv, "Refund please")
    web.post("/language/", {"language": "zh-hans"})
    response = web.post(f"/conversations/{conv.pk}/triage/", {"sentiment": "furious"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "&#x27;furious&#x27; 不是有效的 sentiment：可用值为 negative, neutral, positive。" in response.content.decode()


def test_after_a_correction_the_sidebar_shows_the_agents_reading_and_keeps_the_deadline(web, make_conv, now):
    import datetime as dt

    due = T0 + dt.timedelta(hours=20)
    conv = make_conv(intent="dispute_claim", intent_confidence=0.97, tier=1, language="en", sentiment="negative",
                     urgency_reasons=["intent: dispute claim (97%)", "A-to-z claim", "A-to-z claim", "possible tier-1 problem (81%)"],
                     next_deadline_at=due, deadline_kind="Amazon 24 h")
    _inbound(conv, "Where is my parcel?")
    response = web.post(f"/conversations/{conv.pk}/triage/", {"intent": "order_status", "tier": "2", "language": "en",
                                                             "sentiment": "negative"}, HTTP_HX_REQUEST="true")
    html = " ".join(response.content.decode().split())
    assert '<dd>Order status <span class="muted">(set by an agent)</span></dd>' in html
    assert "(100%)" not in html
    assert ('<ul class="reasons"><li>intent: Order status (corrected by an agent)</li><li>A-to-z claim</li>'
            '<li>tier set by an agent: 2</li></ul>') in html.replace("</li> <li>", "</li><li>")
    assert '<span class="muted">Amazon 24 h · due 11/24/2026 4 p.m.</span>' in html  # the clock did not move
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind, conv.tier) == (due, "Amazon 24 h", 2)
