"""Suggestions for a conversation and the values filled from it."""

import datetime as dt

import pytest

from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.suggest import buyer_language, suggest
from sellerdesk.replies.templating.variables import first_name, values_for
from tests.replies.conftest import T0


@pytest.fixture
def agent_user(db):
    from django.core.management import call_command
    from django.contrib.auth import get_user_model

    call_command("createagent", "anna", password="pw-anna-123", name="Anna Schmidt", verbosity=0)
    return get_user_model().objects.get(username="anna")


def keys(suggestions):
    return [(s.template.key, s.template.language, s.template.channel, s.reasons) for s in suggestions]


def test_intent_language_and_channel_pick_the_variants(make_amazon_conv):
    conv = make_amazon_conv(intent="order_status", language="de")
    assert keys(suggest(conv)) == [
        ("tracking-update", "de", "", ("intent", "language")),
        ("shipping-delay", "de", "", ("intent", "language")),
    ]


def test_a_channel_variant_wins_over_the_general_text(make_amazon_conv):
    conv = make_amazon_conv(intent="order_status", language="es", channel="whatsapp")
    assert keys(suggest(conv)) == [
        ("tracking-update", "es", "whatsapp", ("intent", "language", "channel")),
        ("shipping-delay", "es", "", ("intent", "language")),
    ]


def test_unknown_language_falls_back_to_english(make_amazon_conv, buyer):
    buyer.language = ""
    buyer.save()
    conv = make_amazon_conv(intent="damaged_defective", language="pt")
    assert buyer_language(conv) == "pt"
    assert keys(suggest(conv)) == [("damaged-item", "en", "", ("intent",))]


def test_search_finds_any_template_and_folds_case_beyond_ascii(make_amazon_conv):
    conv = make_amazon_conv(intent="order_status", language="de")
    assert [s.template.key for s in suggest(conv, query="ERSTATTUNG")] == ["refund-issued"]
    assert [s.template.key for s in suggest(conv, query="RÜCKSENDUNG")] == ["return-instructions"]


def test_inactive_templates_are_not_suggested(make_amazon_conv):
    ReplyTemplate.objects.filter(key="tracking-update").update(is_active=False)
    conv = make_amazon_conv(intent="order_status", language="de")
    assert [s.template.key for s in suggest(conv)] == ["shipping-delay"]


def test_values_come_from_customer_order_shipment_and_agent(make_amazon_conv, agent_user, settings):
    settings.REPLY_SHOP_NAME = "Brightdesk"
    conv = make_amazon_conv()
    order = conv.order
    order.items = [{"title": "Thermoflasche 1 L", "quantity": 2}, "Deckel"]
    order.status = "Shipped"
    order.save()
    # Shipments as the marketplace connectors keep them (a list, latest last), when the field exists.
    order.tracking = [{"company": "DHL", "number": "00340434161094015902", "url": "https://www.dhl.de/track?id=1", "status": "in_transit"}]
    values = values_for(conv, agent_user, "de", now=T0)
    assert values == {
        "customer_first_name": "Jana", "customer_name": "Jana Käufer", "agent_name": "Anna Schmidt", "shop_name": "Brightdesk",
        "buyer_country": "DE", "marketplace": "DE", "channel": "amazon", "order_number": "302-1234567-1234567",
        "items": ["2 × Thermoflasche 1 L", "Deckel"], "tracking_number": "00340434161094015902", "carrier": "DHL",
        "tracking_link": "https://www.dhl.de/track?id=1", "delivered": False,
    }


def test_delivery_date_sets_return_window_in_the_buyers_language(make_amazon_conv, agent_user, settings):
    settings.REPLY_RETURN_DAYS = 30
    conv = make_amazon_conv()
    conv.order.delivered_at = T0 - dt.timedelta(days=31)
    values = values_for(conv, agent_user, "fr", now=T0)
    assert (values["delivered"], values["delivery_date"], values["return_deadline"], values["in_return_window"]) == (
        True, "23 octobre 2026", "22 novembre 2026", False,
    )


def test_without_an_order_only_order_values_are_missing(make_amazon_conv, agent_user, settings):
    settings.REPLY_SHOP_NAME = "Brightdesk"
    conv = make_amazon_conv(order_number=None)
    assert set(values_for(conv, agent_user, "de")) == {
        "customer_first_name", "customer_name", "agent_name", "shop_name", "buyer_country", "marketplace", "channel",
    }


def test_shop_name_is_the_accounts_setting_and_never_the_accounts_internal_name(make_amazon_conv, agent_user, settings):
    from sellerdesk.channels.actions import set_shop_identity

    settings.REPLY_SHOP_NAME = ""
    conv = make_amazon_conv()
    conv.account.config = {}  # no shop name set: the account is called "Amazon DE" internally
    conv.account.save(update_fields=["config"])
    assert "shop_name" not in values_for(conv, agent_user, "de")  # unset: the reply keeps a [[shop_name]] marker
    settings.REPLY_SHOP_NAME = "Brightdesk"
    assert values_for(conv, agent_user, "de")["shop_name"] == "Brightdesk"
    set_shop_identity(conv.account, agent_user, shop_name=" Brightdesk Europe ", signature="Brightdesk team")
    conv.account.refresh_from_db()
    assert values_for(conv, agent_user, "de")["shop_name"] == "Brightdesk Europe"
    assert conv.account.config["shop"] == {"name": "Brightdesk Europe", "signature": "Brightdesk team"}


@pytest.mark.parametrize("name, first", [("Jana Käufer", "Jana"), ("王伟", "王伟"), ("  ", ""), ("Marie-Claire  Dubois", "Marie-Claire")])
def test_first_name(name, first):
    assert first_name(name) == first
