"""The FAQ page and API: supervisors edit, agents read and try; every change is an event."""

from __future__ import annotations

from django.test import Client

from sellerdesk.api.tokens import issue
from sellerdesk.conversations.models import Event
from sellerdesk.faq.models import FaqEntry, FaqText
from tests.web.conftest import make_agent, translations  # noqa: F401


def test_supervisor_adds_the_starter_and_an_entry_agent_tries_a_message(db):
    boss = Client()
    boss.force_login(make_agent("boss", role="supervisor"))
    assert boss.post("/faq/starter/").status_code == 302
    assert sorted(FaqEntry.objects.values_list("topic", flat=True)) == ["customs", "returns", "shipping", "warranty"]
    response = boss.post("/faq/new/", {"topic": "payment", "is_active": "on", "q_en": "Which payment methods do you accept?",
                                       "a_en": "Cards and PayPal.", "q_zh": "可以用什么方式付款？", "a_zh": "可以用银行卡和 PayPal。"})
    assert response.status_code == 302
    entry = FaqEntry.objects.get(topic="payment")
    assert sorted(FaqText.objects.filter(entry=entry).values_list("language", "answer")) == [
        ("en", "Cards and PayPal."), ("zh", "可以用银行卡和 PayPal。")]
    assert Event.objects.filter(kind="faq_created").get().data == {"faq_id": entry.pk, "topic": "payment", "active": True, "languages": ["en", "zh"]}
    bad = boss.post("/faq/new/", {"topic": "payment", "q_en": "Question without an answer"})
    assert bad.status_code == 422
    assert "en: the answer is empty" in bad.content.decode()

    agent = Client()
    agent.force_login(make_agent("anna"))
    assert agent.post("/faq/starter/").status_code == 403
    html = agent.get("/faq/", {"text": "What payment options are there?", "lang": "en"}).content.decode()
    assert "Cards and PayPal.\n\nThis is an automated message. To reach a person, simply reply HUMAN and a member of our team will answer." in html
    agent.post("/language/", {"language": "zh-hans"})
    html = agent.get("/faq/", {"text": "My parcel never came", "lang": "en"}).content.decode()
    assert '<p id="faq-try-result">不会自动回答：转给人工处理。' in html


def test_api_create_replace_match_delete(db):
    user = make_agent("boss", role="admin")
    token = issue(user, "t", ["read", "reply"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    c = Client()
    created = c.post("/api/v1/faq", {"topic": "warranty", "texts": {"en": {"question": "Is there a warranty?", "answer": "Two years."}}},
                     content_type="application/json", **auth)
    assert created.status_code == 201
    entry_id = created.json()["id"]
    assert created.json() == {"id": entry_id, "topic": "warranty", "is_active": True,
                              "texts": {"en": {"question": "Is there a warranty?", "answer": "Two years.", "wordings": ""}}}
    matched = c.get("/api/v1/faq/match", {"text": "How long is the guarantee?", "lang": "en"}, **auth).json()
    assert (matched["matched"], matched["entry_id"], matched["answer"]) == (
        True, entry_id, "Two years.\n\n"
        "This is an automated message. To reach a person, simply reply HUMAN and a member of our team will answer.")
    assert c.get("/api/v1/faq/match", {"text": "How long is the guarantee?", "lang": "fr"}, **auth).json() == {
        "matched": False, "entry_id": None, "topic": "", "question": "", "answer": "", "score": None}
    bad = c.put(f"/api/v1/faq/{entry_id}", {"topic": "nonsense", "texts": {"en": {"question": "q", "answer": "a"}}},
                content_type="application/json", **auth)
    assert bad.status_code == 422
    assert c.delete(f"/api/v1/faq/{entry_id}", **auth).status_code == 204
    assert FaqEntry.objects.count() == 0
    agent_token = issue(make_agent("anna"), "t", ["read", "reply"])[1]
    forbidden = c.post("/api/v1/faq", {"texts": {"en": {"question": "q", "answer": "a"}}}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert forbidden.status_code == 403
