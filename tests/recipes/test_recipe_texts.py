"""The recipes' buyer texts: every language, every variable filled, and within the platforms' rules."""

from __future__ import annotations

import datetime as dt

import pytest

from sellerdesk.automation import notice_texts, texts
from sellerdesk.automation.buyer_notices import alert_template  # noqa: F401  (registers the texts)
from sellerdesk.replies.compliance import SendContext, check
from sellerdesk.replies.templating.render import markers, render

LANGUAGES = ("en", "de", "fr", "es", "it", "ja", "zh")
NOW = dt.datetime(2026, 11, 5, 18, 0, tzinfo=dt.timezone.utc)
VALUES = {"customer_first_name": "Jana", "customer_name": "Jana Weber", "order_number": "302-1234567-7654321", "carrier": "DHL",
          "tracking_number": "00340434161094015902", "tracking_link_line": "", "shop_name": "Acme"}


def filled(key: str, lang: str) -> str:
    body = texts.TEMPLATES[key][lang].replace("{{ tracking_link_line }}", "")
    return texts.with_human_line(render(body, VALUES).text, lang)


@pytest.mark.parametrize("key", sorted(notice_texts.TEMPLATES))
def test_every_recipe_text_exists_in_every_language_and_fills(key):
    assert sorted(texts.TEMPLATES[key]) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        text = filled(key, lang)
        assert markers(text) == [], (key, lang)
        assert "302-1234567-7654321" in text, (key, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_delivery_check_and_feedback_request_passes_amazons_rules(lang):
    """Neutral wording: no incentive, no "positive", no link, no contact details — clean on Amazon in every language."""
    verdict = check(filled("automation.delivery_check", lang), channel="amazon",
                    context=SendContext(marketplace="US", automated=True, now=NOW, order_number="302-1234567-7654321"))
    assert (verdict.status, verdict.rule_ids) == ("clean", [])


@pytest.mark.parametrize("key", ["automation.alert.customs_hold", "automation.alert.failed_attempt", "automation.alert.other",
                                 "automation.alert.no_scan", "automation.return.amazon"])
def test_texts_sent_on_amazon_are_not_blocked(key):
    for lang in LANGUAGES:
        verdict = check(filled(key, lang), channel="amazon",
                        context=SendContext(marketplace="US", automated=True, now=NOW, order_number="302-1234567-7654321"))
        assert verdict.status != "blocked", (key, lang, verdict.as_dict())


def test_a_feedback_request_with_an_incentive_would_be_blocked():
    """The check above can fail: the same text asking for a positive review for a discount is blocked on Amazon."""
    text = filled("automation.delivery_check", "en") + "\nLeave us a 5-star review and get 10% off your next order!"
    verdict = check(text, channel="amazon", context=SendContext(marketplace="US", automated=True, now=NOW, order_number="302-1234567-7654321"))
    assert verdict.status == "blocked"
