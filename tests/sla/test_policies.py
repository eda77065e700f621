"""Preset selection: one winning policy per (group, metric) for each channel / marketplace / tier / region."""

import pytest
from django.core.management import call_command

from sellerdesk.sla.models import Calendar, Policy
from sellerdesk.sla.policies import Facts, PolicyError, active_policies, select
from sellerdesk.sla.regions import region_of


def chosen(**facts):
    return sorted(p.key for p in select(active_policies(), Facts(**facts)))


@pytest.mark.parametrize(
    "facts, keys",
    [
        (dict(channel="amazon", marketplace="US", region="na", tier="3"),
         ["amazon-24h-first", "amazon-24h-next", "internal-first-na", "internal-next-default"]),
        (dict(channel="amazon", marketplace="DE", region="eu", tier="2"),
         ["amazon-24h-first", "amazon-24h-next", "internal-first-eu", "internal-next-default"]),
        (dict(channel="amazon", marketplace="DE", region="eu", tier="1"),
         ["amazon-24h-first", "amazon-24h-next", "internal-next-default", "internal-urgent-1h"]),
        (dict(channel="tiktok", marketplace="TH", region="sea", tier="3"),
         ["internal-first-sea", "internal-next-default", "tiktok-sea-12h-first", "tiktok-sea-12h-next"]),
        (dict(channel="tiktok", marketplace="US", region="na", tier="3"),
         ["internal-first-na", "internal-next-default", "tiktok-24h-first", "tiktok-24h-next"]),
        (dict(channel="walmart", marketplace="US", region="na", tier="2"),
         ["internal-first-na", "internal-next-default", "walmart-48h-first", "walmart-48h-next"]),
        (dict(channel="email", tier="3"), ["internal-first-default", "internal-next-default"]),
        (dict(channel="whatsapp", tier="3"), ["internal-first-default", "internal-next-default", "window-meta-24h"]),
        (dict(channel="wechat", tier="3"), ["internal-first-default", "internal-next-default", "window-wechat-48h"]),
        (dict(channel="amazon", marketplace="US", region="na", tier="3", claim_kind="atoz"),
         ["amazon-24h-first", "amazon-24h-next", "atoz-respond-by", "internal-first-na", "internal-next-default"]),
        (dict(channel="email", tier="1", claim_kind="chargeback"),
         ["chargeback-respond-by", "internal-next-default", "internal-urgent-1h"]),
        (dict(channel="ebay", marketplace="DE", region="eu", tier="2", claim_kind="ebay_case"),
         ["ebay-case-3bd-de", "internal-first-eu", "internal-next-default"]),
        (dict(channel="ebay", marketplace="US", region="na", tier="2", claim_kind="return_request"),
         ["ebay-case-3bd", "internal-first-na", "internal-next-default"]),
        (dict(channel="amazon", marketplace="US", region="na", tier="3", claim_kind="negative_feedback"),
         ["amazon-24h-first", "amazon-24h-next", "internal-first-na", "internal-next-default", "negative-review-48h"]),
    ],
)
def test_presets_chosen_per_channel_marketplace_tier_region(facts, keys):
    assert chosen(**facts) == keys


def test_region_comes_from_the_customer_country_before_the_marketplace():
    assert (region_of("FR", "US"), region_of("", "US"), region_of("", "UK"), region_of("sg", ""), region_of("", "JP")) == (
        "eu", "na", "eu", "sea", ""
    )


def test_a_stricter_custom_policy_wins_its_slot_by_priority(db):
    always = Calendar.objects.get(key="always")
    Policy.objects.create(
        key="vip-amazon", name="VIP Amazon 6 h", label="VIP 6 h", group="platform", metric="first_response",
        channel="amazon", tier="1,2", target_minutes=360, calendar=always, priority=5,
    )
    assert chosen(channel="amazon", marketplace="US", region="na", tier="2")[:2] == ["amazon-24h-next", "internal-first-na"]
    assert "vip-amazon" in chosen(channel="amazon", tier="2")
    assert "amazon-24h-first" not in chosen(channel="amazon", tier="2")
    assert "amazon-24h-first" in chosen(channel="amazon", tier="3")


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"target_minutes": None}, "target_minutes: required unless the due time comes from the claim"),
        ({"warn_at": 1.0}, "warn_at: a share of the window between 0 and 1"),
        ({"escalation": [{"at": "warn", "action": "page_ceo"}]},
         "escalation: {'at': 'warn', 'action': 'page_ceo'} needs at in ('warn', 'breach') and action in "
         "('notify_supervisor', 'raise_tier', 'reassign')"),
        ({"due_from_claim": True}, "claim_kind: a respond-by taken from the claim needs the claim kind"),
        ({"tier": "urgent"}, "tier: comma-separated numbers"),
    ],
)
def test_bad_policy_gets_a_clear_error_and_is_not_saved(db, fields, message):
    values = dict(name="bad", label="bad", metric="first_response", target_minutes=60, calendar=Calendar.objects.get(key="always"))
    values.update(fields)
    with pytest.raises(PolicyError) as err:
        Policy.objects.create(**values)
    assert str(err.value) == message
    assert not Policy.objects.filter(name="bad").exists()


def test_presets_command_is_idempotent_and_reset_restores_edits(db, capsys):
    Policy.objects.filter(key="walmart-48h-first").update(target_minutes=99)
    call_command("sla_presets")
    assert capsys.readouterr().out == "SLA presets: 0 created, 0 reset, 29 kept\n"
    assert Policy.objects.get(key="walmart-48h-first").target_minutes == 99
    call_command("sla_presets", "--reset")
    assert capsys.readouterr().out == "SLA presets: 0 created, 29 reset, 0 kept\n"
    assert Policy.objects.get(key="walmart-48h-first").target_minutes == 2880
    Policy.objects.filter(key="window-wechat-48h").delete()
    call_command("sla_presets")
    assert capsys.readouterr().out == "SLA presets: 1 created, 0 reset, 28 kept\n"
    assert (Calendar.objects.count(), Policy.objects.count()) == (7, 22)
