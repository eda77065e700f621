import pytest

from sellerdesk.triage.entities import extract


def _found(text, language="en"):
    return [(e.kind, e.source, e.value) for e in extract(text, language=language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Order 114-1234567-1234567 please", ("order", "amazon", "114-1234567-1234567")),
        ("eBay order 12-34567-89012", ("order", "ebay", "12-34567-89012")),
        ("my Shopify order #1234", ("order", "shopify", "1234")),
        ("TikTok order 576461413038785752", ("order", "tiktok", "576461413038785752")),
        ("Question about order #108829384756123", ("order", "walmart", "108829384756123")),
        ("Walmart order 2000123456789", ("order", "walmart", "2000123456789")),
    ],
)
def test_order_numbers(text, expected):
    assert _found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "carrier", "value"),
    [
        ("UPS 1Z999AA10123456784", "ups", "1Z999AA10123456784"),
        ("USPS 9400111899223197428490", "usps", "9400111899223197428490"),
        ("FedEx tracking 771234567890", "fedex", "771234567890"),
        ("DHL Sendungsnummer 1234567890", "dhl", "1234567890"),
        ("DHL Paket JJD000390007827166210", "dhl", "JJD000390007827166210"),
        ("Royal Mail AB123456789GB", "royal_mail", "AB123456789GB"),
        ("EA123456789JP", "japan_post", "EA123456789JP"),
        ("追跡番号 1234-5678-9012", "japan_post", "123456789012"),
        ("RR123456789CN", "china_post", "RR123456789CN"),
        ("Yanwen UG123456789YP", "yanwen", "UG123456789YP"),
        ("4PX3001234567890CN", "4px", "4PX3001234567890CN"),
        ("YT2012345678901234", "yunexpress", "YT2012345678901234"),
        ("Cainiao LP00123456789012", "cainiao", "LP00123456789012"),
        ("顺丰 SF1234567890123", "sf", "SF1234567890123"),
    ],
)
def test_tracking_numbers_by_carrier(text, carrier, value):
    assert _found(text) == [("tracking", carrier, value)]


def test_emails_phones_and_amounts():
    text = "Call +49 30 1234567 or mail Anna.K@example.de — I paid 49,99 € and $12.50"
    assert _found(text) == [
        ("phone", "DE", "+49301234567"),
        ("email", "email", "anna.k@example.de"),
        ("amount", "EUR", "49.99"),
        ("amount", "USD", "12.50"),
    ]


def test_national_phone_uses_the_language_region():
    assert _found("Meine Nummer: 030 12345678", "de") == [("phone", "DE", "+493012345678")]


def test_amounts_in_asian_currencies():
    assert _found("3.000円 払いました、300元也可以") == [("amount", "JPY", "3000"), ("amount", "CNY", "300")]


def test_a_tracking_number_is_not_also_a_phone():
    assert _found("tracking 9400111899223197428490") == [("tracking", "usps", "9400111899223197428490")]
