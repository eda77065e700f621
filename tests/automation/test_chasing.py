"""A buyer chasing a problem gets a person with the tracking, not a canned status (`buyer_chasing`)."""

import datetime as dt

import pytest

from sellerdesk.automation import chasing
from sellerdesk.automation.context import Context
from sellerdesk.automation.dryrun import load_rules, run_rows
from sellerdesk.conversations.actions import receive_message
from tests.automation.conftest import mail, order_with_tracking

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
ORDER = {"number": "#5001", "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094015902", "tracking_status": "in_transit"}


@pytest.mark.parametrize("text, kinds", [
    # late, stuck, still not here
    ("Where is my parcel? It is late.", {"late"}),
    ("The tracking is stuck at the hub, where is my order?", {"late"}),
    ("my order still hasn't arrived", {"late"}),
    ("Meine Bestellung ist immer noch nicht angekommen.", {"late"}),
    ("Mon colis n'est toujours pas arrivé.", {"late"}),
    ("Mi pedido todavía no ha llegado.", {"late"}),
    ("Il mio pacco è in ritardo.", {"late"}),
    ("注文した商品がまだ届きません。", {"late"}),
    ("我的快递怎么还没到？", {"late"}),
    # waited N days / weeks
    ("ordered 2 wks ago, any update?", {"waited"}),
    ("It's been three weeks since I ordered.", {"waited"}),
    ("Ich warte seit zwei Wochen auf meine Bestellung.", {"waited"}),
    ("Ça fait 10 jours que j'attends ma commande.", {"waited"}),
    ("Hace tres semanas que hice el pedido.", {"waited"}),
    ("Sono passati 12 giorni dall'ordine.", {"waited"}),
    ("注文してから2週間以上経ちます。", {"waited"}),
    ("下单10天了，在哪里？", {"waited"}),
    # writes again
    ("I'm writing for the second time about order #5001.", {"again"}),
    ("Ich habe bereits geschrieben, wo ist mein Paket?", {"again"}),
    ("Je relance pour ma commande #5001.", {"again"}),
    ("Es la segunda vez que pregunto por mi pedido.", {"again"}),
    ("È la seconda volta che scrivo per l'ordine.", {"again"}),
    ("2回目の問い合わせです。注文はどこですか？", {"again"}),
    ("这是我第二次问了，订单到哪了？", {"again"}),
    # more than one
    ("Tracking has been stuck for 5 days", {"late", "waited"}),
])
def test_chasing_words_in_every_recipe_language(text, kinds):
    assert set(chasing.find(text)) == kinds


@pytest.mark.parametrize("text", [
    "Where is my order #5001?",
    "i ordered 2 days ago, when will you send it?",  # two days is no chase
    "Can you send me the tracking number again?",  # "again" alone is no second message
    "Wo ist meine Bestellung #5001?",
    "Kurze Nachfrage: wann wird meine Bestellung verschickt?",
    "Où en est ma commande #5001 ?",
    "¿Ya fue enviado mi pedido?",
    "Il mio ordine è stato spedito?",
    "注文の配送状況を教えてください。",
    "我的订单发货了吗？",
])
def test_plain_status_questions_are_not_chasing(text):
    assert chasing.find(text) == {}


def test_a_chasing_buyer_gets_a_person_with_the_tracking_shown(db):
    triage = {"intent": "order_status", "intent_confidence": 0.95, "tier": 2, "sentiment": "neutral", "language": "en",
              "tier1_probability": 0.02, "intent_scores": {"order_status": 0.95, "other": 0.03, "refund": 0.02}}
    rows = [
        {"id": "asks", "text": "Hi, where is my order #5001?", "order": ORDER, "triage": triage},
        {"id": "chases", "text": "Hi, where is my order #5001? It's been two weeks.", "order": ORDER, "triage": triage},
        {"id": "again", "text": "Hi, where is my order #5001?", "order": ORDER, "triage": triage, "follow_up": True},
    ]
    results = {r["id"]: r for r in run_rows(rows, load_rules("default"), now=NOW)}
    wismo = {i: [f for f in r["fired"] if f["key"] == "where-is-my-order"][0] for i, r in results.items()}
    assert [(i, f["outcome"], f["stopped_by"]) for i, f in wismo.items()] == [
        ("asks", "sent", []), ("chases", "blocked", ["condition:buyer_chasing"]), ("again", "blocked", ["condition:buyer_chasing"])]
    note = [a for a in wismo["chases"]["actions"] if a["type"] == "note"]
    assert len(note) == 1 and "00340434161094015902" in note[0]["text"]
    assert results["chases"]["previews"] == []


def test_the_condition_can_ask_for_one_kind():
    ctx = Context(event="message.received", now=NOW, event_at=NOW, text="where is it? it is late", given={"follow_up": False})
    assert chasing.buyer_chasing(ctx, kinds=("late",)) is True
    assert chasing.buyer_chasing(ctx, kinds=("again",)) is False
    assert chasing.buyer_chasing(ctx) is True


def test_a_second_buyer_message_in_the_conversation_is_writing_again(db, shop, at_noon):
    order_with_tracking()
    first = receive_message(shop, mail("Hello, where is my order #1001?", n=1, order="#1001"))
    second = receive_message(shop, mail("Hello, where is my order #1001?", n=2, order="#1001", reply_to="<buyer-1@example.de>"))
    assert first.conversation_id == second.conversation_id
    conv = second.conversation
    ctx_first = Context.for_event("message.received", conversation=conv, data={"message_id": first.pk}, now=at_noon)
    ctx_second = Context.for_event("message.received", conversation=conv, data={"message_id": second.pk}, now=at_noon)
    assert chasing.wrote_before(ctx_first) is False
    assert chasing.wrote_before(ctx_second) is True
    later = Context.for_event("message.received", conversation=conv, data={"message_id": second.pk},
                              now=at_noon + dt.timedelta(days=chasing.FOLLOW_UP_DAYS, minutes=1))
    assert chasing.wrote_before(later) is False  # the first message is too old to make this a follow-up


def test_a_desk_adds_its_own_words(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "automation").mkdir()
    (tmp_path / "automation" / "chasing.json").write_text('{"cues": {"late": {"nl": ["nog steeds niet"]}}}', encoding="utf-8")
    chasing.reload()
    try:
        assert chasing.find("Mijn pakket is nog steeds niet bezorgd") == {"late": "nog steeds niet"}
        assert chasing.find("my parcel is late") == {"late": "late"}  # the shipped words stay
    finally:
        settings.DATA_DIR = tmp_path / "none"
        chasing.reload()
