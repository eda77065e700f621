"""Every rule in the table passes its own positive and negative examples."""

import pytest

from sellerdesk.replies.compliance import rules
from sellerdesk.replies.compliance.examples import failures

ALL_RULES = rules()
PHRASE_RULES = [
    "amazon.no_review_incentive",
    "amazon.no_review_change_request",
    "marketplace.no_off_platform_contact",
    "amazon.no_marketing",
    "amazon.feedback_request_neutral",
    "marketplace.no_off_platform_sales",
    "marketplace.no_review_incentive",
    "marketplace.no_review_manipulation",
    "marketplace.no_marketing",
    "ebay.no_off_ebay_offers",
    "ebay.no_feedback_manipulation",
]
LANGUAGES = ["de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "zh"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_rule_passes_its_own_examples(rule):
    assert failures(rule) == []


def test_rule_table_ids():
    assert [r.id for r in ALL_RULES] == [
        "amazon.no_external_links",
        "amazon.no_product_links",
        "amazon.no_marketing",
        "amazon.no_review_incentive",
        "amazon.no_review_change_request",
        "amazon.feedback_request_neutral",
        "amazon.feedback_request_once",
        "amazon.no_forbidden_attachments",
        "amazon.not_needed_for_order",
        "amazon.no_cancel_request",
        "automated.quiet_hours",
        "wechat.pictures_only",
        "line.text_only",
        "ebay.no_off_ebay_offers",
        "ebay.no_feedback_manipulation",
        "marketplace.no_contact_details",
        "marketplace.no_off_platform_contact",
        "marketplace.no_off_platform_sales",
        "marketplace.no_external_links",
        "marketplace.no_review_incentive",
        "marketplace.no_review_manipulation",
        "marketplace.no_marketing",
        "tiktok.no_abusive_language",
        "whatsapp.reply_window_24h",
        "meta.reply_window_24h",
        "meta.human_agent_7d",
        "wechat.reply_window_48h",
    ]


@pytest.mark.parametrize("rule_id", PHRASE_RULES)
def test_phrase_rules_cover_eleven_languages(rule_id):
    rule = next(r for r in ALL_RULES if r.id == rule_id)
    assert rule.languages == LANGUAGES


def test_advisory_rules_are_the_ones_meant_to_warn():
    assert sorted(r.id for r in ALL_RULES if r.severity == "warn") == [
        "amazon.no_cancel_request",
        "amazon.not_needed_for_order",
        "meta.reply_window_24h",
    ]


def test_channel_filter():
    assert [r.id for r in rules("ebay")] == [
        "automated.quiet_hours",
        "ebay.no_off_ebay_offers",
        "ebay.no_feedback_manipulation",
        "marketplace.no_contact_details",
        "marketplace.no_off_platform_contact",
        "marketplace.no_external_links",
    ]
    # own-store channels: no platform rules, only the (advisory) review-incentive rule
    assert [r.id for r in rules("email")] == ["automated.quiet_hours", "marketplace.no_review_incentive"]
    assert [r.id for r in rules("shopify")] == ["automated.quiet_hours", "marketplace.no_review_incentive"]


def test_docs_describe_every_rule():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "compliance.md").read_text(encoding="utf-8")
    assert [r.id for r in ALL_RULES if f"### `{r.id}` — {r.titles['en']}" not in docs] == []
