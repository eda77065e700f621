"""Contact details however they are written: disguised e-mails, national phone formats of any marketplace
country (without knowing the buyer's country), vanity numbers, messenger IDs — and the numbers that are not phones."""

import pytest

from sellerdesk.replies.compliance import SendContext, check
from sellerdesk.replies.compliance.contacts import find_emails, find_messenger_ids, find_phones

NO_CONTEXT = SendContext()  # a bulk check: neither buyer country nor marketplace known


def contact_findings(text, ctx=NO_CONTEXT, channel="amazon"):
    return [(f.excerpt, f.reason.split(" “")[0]) for f in check(text, channel=channel, context=ctx).findings
            if f.rule_id == "marketplace.no_contact_details"]


@pytest.mark.parametrize(
    "text, address",
    [
        ("Write to care(at)homewise(dot)com.", "care(at)homewise(dot)com"),
        ("Reach us at help [at] brightbrew [dot] co.", "help [at] brightbrew [dot] co"),
        ("You can write to mike dot jones at gmail dot com.", "mike dot jones at gmail dot com"),
        ("Contact: service @ homewise . com", "service @ homewise . com"),
        ("Drop us a line at sales@brightbrew dot co", "sales@brightbrew dot co"),
        ("Schreiben Sie an info at meinshop punkt de.", "info at meinshop punkt de"),
        ("Notre e-mail : contact arobase maisonzen point fr", "contact arobase maisonzen point fr"),
        ("Escríbenos a soporte arroba tiendafeliz punto com.", "soporte arroba tiendafeliz punto com"),
        ("La nostra mail: assistenza chiocciola casaserena punto it", "assistenza chiocciola casaserena punto it"),
        ("Ons e-mailadres: klantenservice apenstaartje thuisgoed punt nl", "klantenservice apenstaartje thuisgoed punt nl"),
        ("Nasz e-mail: pomoc małpa domradosc kropka pl", "pomoc małpa domradosc kropka pl"),
        ("邮箱：service艾特xingfujia点com", "service艾特xingfujia点com"),
        ("이메일: help 골뱅이 haengbokga 닷컴", "help 골뱅이 haengbokga 닷컴"),
        ("メールは info＠happiness-shop.jp まで", "info@happiness-shop.jp"),  # full-width @ folded first
    ],
)
def test_disguised_email_addresses(text, address):
    assert contact_findings(text) == [(address, "email address")]


@pytest.mark.parametrize(
    "text",
    [
        "Find it at myshop dot com",  # a link (the links rule's business), not an address
        "The manual is at homewise.com/manual.pdf",
        "We are at home and the parcel is at the depot.",
    ],
)
def test_no_email_address(text):
    assert find_emails(text) == []


@pytest.mark.parametrize(
    "text, number",
    [
        ("Vous pouvez nous joindre au 01 42 68 53 00 du lundi au vendredi.", "01 42 68 53 00"),
        ("お急ぎの場合は 090-1234-5678 までお電話ください。", "090-1234-5678"),
        ("Bel ons gerust op 020 123 4567.", "020 123 4567"),
        ("Llámenos al 912 345 678.", "912 345 678"),
        ("Ligue para 912 345 678.", "912 345 678"),
        ("Telefone: (11) 98765-4321", "(11) 98765-4321"),
        ("Proszę dzwonić pod numer 512 345 678.", "512 345 678"),
        ("010-1234-5678로 전화 주세요.", "010-1234-5678"),
        ("客服电话 138 0013 8000。", "138 0013 8000"),
        ("有问题请拨打客服热线 400-820-8820。", "400-820-8820"),
        ("Unsere Hotline erreichen Sie unter 0800 123 4567.", "0800 123 4567"),
        ("Our number is 020 7946 0958.", "020 7946 0958"),
        ("Text us at (415) 555-0132 for a quicker answer.", "(415) 555-0132"),
        ("Fale connosco: +351 912 345 678", "+351 912 345 678"),
        ("电话13800138000", "13800138000"),  # unbroken, but right after a phone word
    ],
)
def test_national_phone_numbers_of_any_marketplace_country_without_context(text, number):
    assert contact_findings(text) == [(number, "phone number")]


@pytest.mark.parametrize(
    "text",
    [
        "Call 1-800-FIX-LAMP and we'll talk you through it.",
        "Call 1-888-HOMEWISE any time.",
    ],
)
def test_vanity_numbers(text):
    assert [kind for _, kind in contact_findings(text)] == ["phone number"]


@pytest.mark.parametrize(
    "text",
    [
        "交換品を本日発送いたしました。追跡番号は 1234-5678-9012 です。",
        "The item's model number is 4006381333931, please check the box.",
        "교환 상품을 오늘 발송했습니다. 운송장 번호는 123456789012입니다.",
        "Your order 114-3941689-8772232 has been refunded in full.",
        "Your order was shipped on 2026-11-20 and should arrive by 25.11.2026.",
        "返品先住所：〒150-0001 東京都渋谷区神宮前1-2-3",
        "Please send it to: Returns, Hauptstraße 5, 10115 Berlin.",
        "Le remboursement de 1 234,90 € a été effectué.",
        "Numer przesyłki to 00123456789012345678.",
        "check order 370795561790 status",
        "Delivery between 9-17 h, 3-5 business days.",
    ],
)
def test_numbers_that_are_not_phone_numbers(text):
    assert contact_findings(text) == []


def test_a_number_valid_in_the_buyers_country_counts_as_written():
    # In Germany 0301234567 is a Berlin number: with the marketplace known it is read as one,
    # even after "Bestellnummer"; the order number from the context is never a phone number.
    text = "Ihre Bestellnummer 0301234567 ist unterwegs."
    assert contact_findings(text, SendContext(marketplace="DE")) == [("0301234567", "phone number")]
    assert contact_findings(text, SendContext(marketplace="DE", order_number="0301234567")) == []
    assert contact_findings(text) == []  # no country known: an id after "Bestellnummer" is not taken for a phone


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Our WeChat ID is homewise2024.", ["WeChat ID is homewise2024"]),
        ("LINE ID: @abc-shop を友だち追加してください。", ["LINE ID: @abc-shop"]),
        ("카카오톡 아이디 happyshop 으로 연락 주세요.", ["카카오톡 아이디 happyshop"]),
        ("加我微信 shop_helper88，图片发给我。", ["微信 shop_helper88"]),
        ("Ci trova su Instagram come @casa.bella.shop per i video.", ["Instagram come @casa.bella.shop"]),
        ("WhatsApp me for faster help.", []),  # an invitation (the off-platform rule's business), no ID
        ("Please use WhatsApp only for urgent matters.", []),
    ],
)
def test_messenger_ids(text, expected):
    assert find_messenger_ids(text) == expected


def test_finding_names_the_kind_in_both_languages():
    verdict = check("Our WeChat ID is homewise2024.", channel="tiktok")
    finding = next(f for f in verdict.findings if f.rule_id == "marketplace.no_contact_details")
    assert finding.reason == (
        "messenger ID “WeChat ID is homewise2024” is not allowed on TikTok Shop: buyers are contacted only through TikTok Shop messaging"
    )
    assert finding.localised("zh-hans")[1] == "TikTok Shop 不允许出现即时通讯账号“WeChat ID is homewise2024”：只能通过 TikTok Shop 消息联系买家"


def test_phone_search_reads_every_listed_region_not_only_the_context():
    # a French national number, with a US marketplace: still a phone number (it is valid in FR)
    assert find_phones("Appelez le 06 12 34 56 78.", ["US"], ["FR", "DE"]) == ["06 12 34 56 78"]
    assert find_phones("Appelez le 06 12 34 56 78.", ["US"], []) == []
