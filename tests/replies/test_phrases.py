"""The text rules on realistic replies, in several languages, with exact findings."""

import pytest

from sellerdesk.replies.compliance import SendContext, check

US = SendContext(marketplace="US")


def findings(text, channel="amazon", ctx=US):
    return [(f.rule_id, f.excerpt) for f in check(text, channel=channel, context=ctx).findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'll refund you if you leave 5 stars", [("amazon.no_review_incentive", "refund you if you leave 5 stars")]),
        ("Bitte ändern Sie Ihre Bewertung", [("amazon.no_review_change_request", "ändern Sie Ihre Bewertung")]),
        ("レビューを書いていただければ返金します", [("amazon.no_review_incentive", "レビューを書いていただければ返金")]),
        ("好评返现", [("amazon.no_review_incentive", "好评返现")]),
        ("contact us on WhatsApp", [("marketplace.no_off_platform_contact", "contact us on WhatsApp")]),
        ("add me on WeChat", [("marketplace.no_off_platform_contact", "add me on WeChat")]),
        ("use code SAVE10 on our website", [("amazon.no_marketing", "use code SAVE10")]),
        # full-width letters are folded before matching
        ("ｃｏｎｔａｃｔ ｕｓ ｏｎ ＷｈａｔｓＡｐｐ", [("marketplace.no_off_platform_contact", "contact us on WhatsApp")]),
        ("Pourriez-vous modifier votre avis ?", [("amazon.no_review_change_request", "modifier votre avis")]),
        ("¿Podría eliminar su valoración negativa?", [("amazon.no_review_change_request", "eliminar su valoración")]),
        ("Potrebbe rimuovere il feedback negativo?", [("amazon.no_review_change_request", "rimuovere il feedback")]),
        ("请加我微信", [("marketplace.no_off_platform_contact", "加我微信")]),
        ("LINEでご連絡ください", [("marketplace.no_off_platform_contact", "LINEでご連絡")]),
        (
            "If you leave a 5-star review, we'll refund you in full.",
            [
                ("amazon.no_review_incentive", "If you leave a 5-star review, we'll refund"),
                ("amazon.feedback_request_neutral", "leave a 5-star review"),
            ],
        ),
        (
            "Wenn Sie uns eine 5-Sterne-Bewertung geben, erstatten wir Ihnen 10 €.",
            [
                ("amazon.no_review_incentive", "Wenn Sie uns eine 5-Sterne-Bewertung geben, erstatten"),
                ("amazon.feedback_request_neutral", "5-Sterne-Bewertung"),
            ],
        ),
        (
            "Please give us a call at +1 212 555 0100.",
            [
                ("marketplace.no_contact_details", "+1 212 555 0100"),
                ("marketplace.no_off_platform_contact", "give us a call"),
            ],
        ),
        (
            "Visit www.myshop.com for 20% off your next order",
            [("amazon.no_external_links", "www.myshop.com"), ("amazon.no_marketing", "20% off your next order")],
        ),
        ("Find it at myshop dot com", [("amazon.no_external_links", "myshop dot com")]),
        ("Write to support (at) myshop (dot) com", [("marketplace.no_contact_details", "support (at) myshop (dot) com")]),
    ],
)
def test_violations_on_amazon(text, expected):
    assert findings(text) == expected


CLEAN_REPLIES = [
    ("US", "Hi Jane, I'm sorry your mug arrived broken. We have sent a replacement today; you can follow it here: "
           "https://www.ups.com/track?tracknum=1Z999AA10123456784. No need to return the broken one."),
    ("US", "Thank you for letting us know. We have issued a full refund of $24.99 for order 114-1234567-1234567; "
           "it should appear on your statement within 3-5 business days."),
    ("US", "The charger uses USB-C and works with 100-240 V, so it will work in the UK with a plug adapter."),
    ("US", "Please return the item using the prepaid label in your Amazon orders page. Once it arrives we will refund you in full."),
    ("US", "Could you send us a photo of the damaged part through this message thread? That helps us decide between a refund and a replacement."),
    ("US", "We can offer a partial refund of 10% for the scratch, or a full refund if you return it. Which do you prefer?"),
    ("US", "We are sorry.It will arrive on Monday, the tracking is updated."),
    ("US", "We have cancelled the order as requested and refunded you in full."),
    ("DE", "Guten Tag Frau Müller, es tut uns leid, dass das Paket beschädigt ankam. Wir senden Ihnen heute kostenlos Ersatz zu. "
           "Die Sendungsnummer lautet 00340434161234567890."),
    ("DE", "Vielen Dank für Ihre Nachricht. Die Rückerstattung über 19,99 € wurde heute veranlasst."),
    ("DE", "Sobald die Rücksendung bei uns eingetroffen ist, erstatten wir Ihnen den vollen Betrag."),
    ("FR", "Dès que nous recevons le retour, nous vous remboursons intégralement."),
    ("ES", "Hola, sentimos mucho el retraso. Puede seguir el envío en "
           "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=PQ4B6A0712345670108001Q"),
    ("IT", "Può inviarci una foto del prodotto danneggiato tramite i messaggi Amazon?"),
    ("JP", "この度はご迷惑をおかけして申し訳ございません。代替品を本日発送いたしました。お問い合わせ番号は123456789012です。"),
    ("JP", "お手数ですが、破損箇所の写真をこちらのメッセージでお送りいただけますでしょうか。"),
    ("CN", "您好，非常抱歉给您带来不便。我们已为您安排补发，预计三天内送达。"),
    ("CN", "请通过亚马逊消息发送破损照片，我们会尽快处理。"),
]


@pytest.mark.parametrize("marketplace, text", CLEAN_REPLIES)
def test_ordinary_service_replies_are_clean_on_amazon(marketplace, text):
    verdict = check(text, channel="amazon", context=SendContext(marketplace=marketplace))
    assert (verdict.status, verdict.findings) == ("clean", ())


def test_link_finding_says_exactly_what_is_wrong():
    verdict = check("Order again at https://myshop.com/products/blue-mug?ref=amz.", channel="amazon", context=US)
    assert verdict.status == "blocked"
    (f,) = verdict.findings
    assert f.reason == (
        "link to https://myshop.com/products/blue-mug?ref=amz is not allowed on Amazon: "
        "only carrier tracking pages and Amazon order pages may be linked"
    )
    assert f.localised("zh-hans") == (
        "除承运商物流跟踪外，不得包含亚马逊以外的链接",
        "Amazon 不允许链接 https://myshop.com/products/blue-mug?ref=amz：只能链接承运商物流跟踪页面和亚马逊订单页面",
    )


def test_tracking_domain_from_context_is_allowed():
    text = "Tracking: https://tracking.regionalcarrier.example.com/p/123"
    assert check(text, channel="amazon", context=US).rule_ids == ["amazon.no_external_links"]
    ctx = SendContext(marketplace="US", tracking_domains=("regionalcarrier.example.com",))
    assert check(text, channel="amazon", context=ctx).status == "clean"


def test_amazon_product_page_is_promotion_but_order_page_is_fine():
    assert findings("See also https://www.amazon.de/dp/B0C1234567") == [
        ("amazon.no_product_links", "https://www.amazon.de/dp/B0C1234567")
    ]
    assert findings("Your order: https://www.amazon.de/gp/your-account/order-details?orderID=302-1234567-1234567") == []


def test_order_number_from_context_is_not_a_phone_number():
    text = "Ihre Bestellnummer 0301234567 ist unterwegs."
    assert findings(text, ctx=SendContext(marketplace="DE")) == [("marketplace.no_contact_details", "0301234567")]
    assert findings(text, ctx=SendContext(marketplace="DE", order_number="0301234567")) == []


def test_ebay_rules():
    assert findings("Buy directly from us next time and save the eBay fees.", channel="ebay") == [
        ("ebay.no_off_ebay_offers", "Buy directly from us"),
    ]
    assert findings("Mail me: seller@example.com", channel="ebay") == [("marketplace.no_contact_details", "seller@example.com")]
    # A review for a reward is feedback manipulation on eBay too (it used to pass there).
    assert findings("Leave us a review and get a $10 gift card!", channel="ebay") == [
        ("ebay.no_feedback_manipulation", "Leave us a review and get a $10"),
    ]
    # Amazon-only rules do not apply on eBay.
    assert findings("Use code SAVE10 on your next order.", channel="ebay") == []


def test_the_same_text_is_clean_where_no_rule_applies():
    assert findings("contact us on WhatsApp, use code SAVE10", channel="email") == []


def test_bare_thank_you_warns_on_amazon():
    verdict = check("Thank you for your order! We hope you enjoy it.", channel="amazon", context=US)
    assert verdict.status == "warned"
    assert [f.reason for f in verdict.findings] == [
        "“Thank you for your order! We hope you enjoy it.” looks like a message not needed for the order "
        "(a bare thank-you); Amazon does not allow those — mark the buyer's message \"No response needed\" instead"
    ]


def test_blocking_findings_come_first():
    verdict = check("Sorry, we are out of stock: please cancel the order. Follow us on Instagram.", channel="amazon", context=US)
    # sending the buyer to a social-media account is also off-platform contact
    assert [(f.rule_id, f.severity) for f in verdict.findings] == [
        ("amazon.no_marketing", "block"),
        ("marketplace.no_off_platform_contact", "block"),
        ("amazon.no_cancel_request", "warn"),
    ]
    assert verdict.status == "blocked"
