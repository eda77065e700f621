"""The same text on every channel: Amazon strictest, eBay, TikTok Shop and Walmart by their own rules, own stores warned."""

import pytest

from sellerdesk.replies.compliance import SendContext, check

CHANNELS = ["amazon", "ebay", "tiktok", "walmart", "shopify", "email"]


def verdicts(text, ctx=None):
    return {c: (check(text, channel=c, context=ctx or SendContext()).status, check(text, channel=c, context=ctx or SendContext()).rule_ids) for c in CHANNELS}


def test_review_for_a_discount():
    assert verdicts("Leave us a 5-star review and get 20% off your next order!") == {
        "amazon": ("blocked", ["amazon.no_marketing", "amazon.no_review_incentive", "amazon.feedback_request_neutral"]),
        "ebay": ("blocked", ["ebay.no_feedback_manipulation"]),
        "tiktok": ("blocked", ["marketplace.no_review_incentive", "marketplace.no_review_manipulation"]),
        "walmart": ("blocked", ["marketplace.no_review_incentive", "marketplace.no_review_manipulation", "marketplace.no_marketing"]),
        # no platform rules in an own store, but an undisclosed review incentive is unlawful in many countries
        "shopify": ("warned", ["marketplace.no_review_incentive"]),
        "email": ("warned", ["marketplace.no_review_incentive"]),
    }


def test_own_store_warning_says_why_not_that_the_platform_forbids_it():
    verdict = check("If you leave a review we'll send you a 10% coupon.", channel="shopify")
    (finding,) = verdict.findings
    assert (finding.severity, finding.reason) == (
        "warn",
        "review incentive “If you leave a review we'll send you a 10% coupon” on Shopify: an incentive for reviews that is "
        "not disclosed is unlawful in many countries (FTC, EU) — disclose it or drop it",
    )
    assert finding.localised("zh-hans")[1] == (
        "Shopify 上的评价激励“If you leave a review we'll send you a 10% coupon”：在许多国家（美国 FTC、欧盟），"
        "未披露的评价激励是违法的——请披露或删除"
    )


def test_selling_elsewhere_is_judged_by_the_channel_it_is_sent_on():
    text = "We also sell it on eBay for less."
    assert check(text, channel="ebay").status == "clean"  # eBay on eBay is not off-platform
    assert check(text, channel="amazon").rule_ids == ["marketplace.no_off_platform_sales"]
    assert check(text, channel="walmart").rule_ids == ["marketplace.no_off_platform_sales"]
    assert check(text, channel="tiktok").rule_ids == ["marketplace.no_off_platform_sales"]
    assert check(text, channel="shopify").status == "clean"
    assert check("Please start the return on Amazon.", channel="amazon").status == "clean"
    assert check("It's $5 cheaper on Amazon.", channel="ebay").rule_ids == ["ebay.no_off_ebay_offers"]


@pytest.mark.parametrize("channel", ["amazon", "ebay", "tiktok", "walmart"])
def test_messenger_contact_is_blocked_on_every_marketplace(channel):
    verdict = check("Add me on WhatsApp, it's faster.", channel=channel)
    assert verdict.status == "blocked"
    assert "marketplace.no_off_platform_contact" in verdict.rule_ids


def test_links_per_channel():
    tracking = "Tracking: https://www.ups.com/track?tracknum=1Z999AA10123456784"
    for channel in ("amazon", "ebay", "tiktok", "walmart"):
        assert check(tracking, channel=channel).status == "clean", channel
    own_site = "The manual is at https://homewise.com/manuals/kettle.pdf"
    assert check(own_site, channel="amazon").rule_ids == ["amazon.no_external_links"]
    for channel in ("ebay", "tiktok", "walmart"):
        assert check(own_site, channel=channel).rule_ids == ["marketplace.no_external_links"], channel
    assert check("See https://www.ebay.co.uk/itm/123456789012", channel="ebay").status == "clean"
    assert check("Start the return at https://www.walmart.com/orders", channel="walmart").status == "clean"
    assert check("Start the return at https://www.walmart.com/orders", channel="ebay").rule_ids == ["marketplace.no_external_links"]


def test_ebay_contact_details_are_allowed_once_there_is_a_sale():
    text = "For the warranty paperwork, email me at mike.parts@gmail.com or add me on WhatsApp."
    before_sale = check(text, channel="ebay", context=SendContext())
    assert before_sale.rule_ids == ["marketplace.no_contact_details", "marketplace.no_off_platform_contact"]
    after_sale = check(text, channel="ebay", context=SendContext(order_number="12-34567-89012"))
    assert after_sale.status == "clean"
    # Amazon has no such exception, and an offer to sell off eBay stays forbidden after a sale
    assert check(text, channel="amazon", context=SendContext(order_number="302-1234567-1234567")).status == "blocked"
    offer = check("Next time buy directly from us and skip the eBay fees.", channel="ebay", context=SendContext(order_number="12-34567-89012"))
    assert offer.rule_ids == ["ebay.no_off_ebay_offers"]


def test_ebay_allows_an_unconditional_feedback_revision_request_but_not_extortion():
    assert check("Could you please revise your feedback now that it is resolved? There's no obligation.", channel="ebay").status == "clean"
    extortion = check("We'll process your refund once you remove the negative feedback.", channel="ebay")
    assert [(f.rule_id, f.excerpt) for f in extortion.findings] == [
        ("ebay.no_feedback_manipulation", "process your refund once you remove the negative feedback"),
    ]


def test_thanks_for_feedback_and_may_update_are_allowed_on_amazon():
    for text in (
        "Thank you for your feedback, we have passed it on to our quality team.",
        "Once the replacement works, you are of course free to update your review if you wish — there's no obligation.",
        "Sobald das Problem gelöst ist, steht es Ihnen frei, Ihre Bewertung zu aktualisieren.",
        "问题解决后，是否修改评价完全由您决定。",
    ):
        verdict = check(text, channel="amazon")
        # the first is a short thank-you, which Amazon asks to skip (advisory), but nothing blocks
        assert [f.rule_id for f in verdict.findings if f.severity == "block"] == [], text
    assert check("Now that it is solved, could you update your review?", channel="amazon").rule_ids == ["amazon.no_review_change_request"]
