"""The starter library: complete, valid, filled without gaps, clean under the Amazon rules, loaded idempotently."""

import pytest

from sellerdesk.conversations.models import Event
from sellerdesk.replies.actions import load_starter_library
from sellerdesk.replies.compliance import SendContext, check
from sellerdesk.replies.library.starter import LANGUAGES, entries
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.render import markers, render, validate
from sellerdesk.replies.templating.variables import sample_values

ENTRIES = list(entries())
# What an agent writes at [[answer]] in the product-question template, in the template's language.
ANSWERS = {
    "en": "The bottle holds 1 litre and keeps drinks hot for 12 hours.",
    "de": "Die Flasche fasst 1 Liter und hält Getränke 12 Stunden warm.",
    "fr": "La bouteille contient 1 litre et garde les boissons chaudes pendant 12 heures.",
    "es": "La botella tiene 1 litro de capacidad y mantiene las bebidas calientes durante 12 horas.",
    "it": "La bottiglia contiene 1 litro e mantiene le bevande calde per 12 ore.",
    "ja": "ボトルの容量は 1 リットルで、飲み物を 12 時間温かく保ちます。",
    "zh": "保温瓶容量为 1000 毫升，瓶身为 304 不锈钢，可保温 12 小时。",
}


def test_every_category_exists_in_every_language():
    covered = {(e["category"], e["language"]) for e in ENTRIES if e["channel"] == ""}
    categories = set(ReplyTemplate.Category.values)
    assert covered == {(c, lang) for c in categories for lang in LANGUAGES}
    assert len(ENTRIES) == 77


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e['key']}-{e['channel'] or 'any'}-{e['language']}")
@pytest.mark.parametrize("delivered", [True, False], ids=["delivered", "in-transit"])
def test_each_text_renders_fully_and_passes_the_amazon_rules(entry, delivered):
    assert validate(entry["body"]) == []
    result = render(entry["body"], sample_values(entry["language"], delivered=delivered))
    assert (result.error, result.missing) == ("", ())
    text = result.text.replace("[[answer]]", ANSWERS[entry["language"]])
    assert markers(text) == []
    verdict = check(text, channel="amazon", context=SendContext(marketplace="DE", buyer_country="DE", order_number="302-1234567-1234567"))
    assert [(f.rule_id, f.excerpt) for f in verdict.findings] == []


def test_the_migration_loaded_the_library_and_loading_again_adds_nothing(db):
    assert ReplyTemplate.objects.count() == 77
    assert load_starter_library() == 0
    assert ReplyTemplate.objects.count() == 77


def test_loading_restores_deleted_variants_and_keeps_edited_ones(db):
    edited = ReplyTemplate.objects.get(key="refund-issued", language="de", channel="")
    edited.body = "Eigene Fassung {{ order_number }}"
    edited.save()
    ReplyTemplate.objects.filter(key="thanks-reply", language="ja").delete()
    assert load_starter_library() == 1
    assert ReplyTemplate.objects.get(key="refund-issued", language="de", channel="").body == "Eigene Fassung {{ order_number }}"
    assert ReplyTemplate.objects.filter(key="thanks-reply", language="ja").count() == 1
    # The install migration writes no event; the reload (an admin action) does.
    assert list(Event.objects.filter(kind="templates_loaded").values_list("data", flat=True).order_by("id")) == [{"created": 1}]
