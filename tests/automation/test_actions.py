"""Each built-in action through a rule on a real conversation, and rule definitions checked when saved."""

import datetime as dt

import pytest

from sellerdesk.automation import extensions, rules
from sellerdesk.automation.models import Fire, RuleVersion
from sellerdesk.automation.registry import RuleError
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Event, Message
from sellerdesk.lib import clock

from tests.automation.conftest import NOON_EU, mail, order_with_tracking


def _run(shop, capture, actions, text="Where is my order #1001?", **kw):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        rule = rules.create_rule(name="R", event="message.received", enabled=True, definition={"actions": actions})
        with capture(execute=True):
            conv = receive_message(shop, mail(text, order="#1001", **kw)).conversation
    conv.refresh_from_db()
    return conv, Fire.objects.get(rule=rule)


def test_internal_actions(shop, django_capture_on_commit_callbacks, agent):
    from django.contrib.auth import get_user_model

    from sellerdesk.accounts.models import Team

    team = Team.objects.create(name="EU team")
    from sellerdesk.accounts.models import AgentProfile

    senior = get_user_model().objects.create_user("senior1")
    AgentProfile.objects.create(user=senior, team=team, is_senior=True, languages=["en"])
    conv, fire = _run(shop, django_capture_on_commit_callbacks, [
        {"type": "tag", "params": {"name": "WISMO"}},
        {"type": "set_tier", "params": {"tier": 1}},
        {"type": "assign", "params": {"team": "EU team"}},
        {"type": "note", "params": {"text": "Tracking: {tracking}"}},
        {"type": "snooze", "params": {"hours": 4}},
    ])
    assert fire.outcome == "done"
    assert list(conv.automation_tags.values_list("name", flat=True)) == ["wismo"]
    assert (conv.tier, conv.team_id, conv.assignee_id, conv.status) == (1, team.pk, senior.pk, "snoozed")
    assert conv.snoozed_until == NOON_EU + dt.timedelta(hours=4)
    note = Message.objects.get(conversation=conv, direction="note")
    assert note.body_text.startswith("Tracking: DHL 00340434161094015902: in_transit (updated 2026-11-24 10:00 UTC)")
    kinds = list(Event.objects.filter(conversation=conv).values_list("kind", flat=True))
    assert {"tagged", "tier_changed", "team_changed", "assigned", "note_added", "snoozed", "automation_fired"} <= set(kinds)


def test_resolve_and_escalate(shop, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from sellerdesk.accounts.models import AgentProfile

    boss = get_user_model().objects.create_user("boss")
    AgentProfile.objects.create(user=boss, role="supervisor")
    conv, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "escalate", "params": {"reason": "VIP"}}, {"type": "resolve"}])
    assert (conv.tier, conv.status) == (1, "resolved")
    assert Event.objects.get(conversation=conv, kind="automation_escalated").data == {"supervisors": [boss.pk], "reason": "VIP", "rule": "R"}


def test_review_request_needs_an_amazon_order(shop, django_capture_on_commit_callbacks):
    _, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "amazon_review_request"}])
    assert (fire.outcome, fire.reasons) == ("blocked", ["not_amazon"])


def test_csat_survey_through_the_csat_feature(shop, django_capture_on_commit_callbacks):
    from sellerdesk.csat.models import Survey

    conv, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "csat_survey"}])
    survey = Survey.objects.get(conversation=conv)
    assert (fire.outcome, fire.actions) == ("sent", [{"type": "csat_survey", "survey": survey.pk}])


def test_csat_survey_where_the_channel_allows_none(shop, django_capture_on_commit_callbacks):
    _, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "csat_survey"}], channel="amazon")
    assert (fire.outcome, fire.reasons) == ("blocked", ["csat_unavailable"])
    assert fire.actions == [{"type": "csat_survey", "blocked": "csat_unavailable", "detail": "not available on this channel"}]


def test_csat_survey_without_a_sender_is_not_available(shop, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(extensions, "CSAT_SENDER", "")
    _, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "csat_survey"}])
    assert (fire.outcome, fire.reasons) == ("blocked", ["csat_unavailable"])


def fake_survey(conversation):
    return f"survey-{conversation.pk}"


def test_notify_describes_itself_and_posts_to_a_team_chat(shop, django_capture_on_commit_callbacks):
    import json

    from sellerdesk.automation.notify import post_webhook
    from tests.servers.fakehttp import FakeHttpServer  # a real local HTTP server

    conv, fire = _run(shop, django_capture_on_commit_callbacks, [{"type": "notify", "params": {"webhook": "http://127.0.0.1:9/x", "text": "{rule}: #{conversation}"}}])
    assert fire.actions == [{"type": "notify", "webhook": True, "email": [], "text": f"R: #{conv.pk}"}]
    server = FakeHttpServer({"POST /hook": [{"status": 200, "json": {"ok": True}}]}).start()
    try:
        assert post_webhook(server.url + "/hook", f"R: #{conv.pk}") == 200
        [request] = server.requests()
    finally:
        server.stop()
    assert (request["path"], json.loads(request["body"])) == ("/hook", {"text": f"R: #{conv.pk}"})


def test_team_chat_bodies():
    from sellerdesk.automation.notify import body_for

    assert body_for("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "hi") == {"msgtype": "text", "text": {"content": "hi"}}
    assert body_for("https://open.feishu.cn/open-apis/bot/v2/hook/x", "hi") == {"msg_type": "text", "content": {"text": "hi"}}
    assert body_for("https://hooks.slack.com/services/x", "hi") == {"text": "hi"}


@pytest.mark.parametrize("definition, field", [
    ({"actions": []}, "actions"),
    ({"actions": [{"type": "fly"}]}, "actions[0].type"),
    ({"actions": [{"type": "tag"}]}, "actions[0].params.name"),
    ({"actions": [{"type": "tag", "params": {"name": "x", "colour": "red"}}]}, "actions[0].params.colour"),
    ({"actions": [{"type": "set_tier", "params": {"tier": 7}}]}, "actions[0].params.tier"),
    ({"conditions": [{"type": "text_matches", "params": {"pattern": "("}}], "actions": [{"type": "resolve"}]}, "conditions[0].params.pattern"),
    ({"trigger": {"delay_minutes": -5}, "actions": [{"type": "resolve"}]}, "trigger.delay_minutes"),
    ({"actions": [{"type": "resolve"}], "fallback": [{"type": "reply", "params": {"text": "hi"}}]}, "fallback[0].type"),
    ({"actions": [{"type": "resolve"}], "colour": 1}, "colour"),
])
def test_a_bad_definition_is_refused_naming_the_field(db, definition, field):
    with pytest.raises(RuleError) as err:
        rules.create_rule(name="Bad", event="message.received", definition=definition)
    assert err.value.field == field


def test_each_edit_is_a_new_version_and_fires_record_theirs(db):
    rule = rules.create_rule(name="R", event="message.received", definition={"actions": [{"type": "resolve"}]})
    rule = rules.update_rule(rule, name="R2", definition={"actions": [{"type": "tag", "params": {"name": "a"}}]})
    same = rules.update_rule(rule, name="R2")
    assert (rule.version, same.version) == (2, 2)
    assert list(RuleVersion.objects.order_by("version").values_list("version", "name")) == [(1, "R"), (2, "R2")]
