"""CSAT: a survey after resolution where the channel allows it, a signed one-click page in the
buyer's language, the answer on the conversation, and automation told when it is installed."""

from __future__ import annotations


from django.test import Client
from django_tasks_db.models import DBTaskResult

from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Event, Message
from sellerdesk.csat import send_survey
from sellerdesk.csat.models import Survey
from sellerdesk.csat.survey import link
from sellerdesk.csat.tasks import survey_after_resolution
from sellerdesk.lib import clock
from tests.web.conftest import T0


def buyer_says(conv, email_account, text="Where is it?"):
    return Message.objects.create(conversation=conv, account=email_account, direction="in", sender="jane@buyer.example",
                                  external_id=f"<b{conv.pk}@buyer.example>", body_text=text, sent_at=T0, created_at=T0)


def test_survey_goes_by_email_in_the_buyers_language(make_conv, email_account, agent):
    conv = make_conv(language="de", assignee=agent)
    buyer_says(conv, email_account)
    with clock.frozen(T0):
        result = send_survey(conv)
    assert result.sent
    survey = result.survey
    msg = survey.message
    assert (msg.direction, msg.is_automated, msg.recipients, msg.in_reply_to, msg.delivery_status) == (
        "out", True, ["jane@buyer.example"], f"<b{conv.pk}@buyer.example>", "queued")
    assert msg.body_text == f"Wie zufrieden waren Sie mit uns? Bitte bewerten Sie unsere Hilfe von 1 bis 5 (ein Klick): {link(survey)}"
    assert (survey.language, survey.agent, survey.sent_at) == ("de", agent, T0)
    assert Event.objects.get(kind="csat_sent").data == {"survey_id": survey.pk, "message_id": msg.pk, "language": "de"}
    again = send_survey(conv)
    assert (again.sent, again.reason) == (False, "recent")


def test_never_inside_amazon_or_ebay_messages(make_conv, email_account):
    for channel in ("amazon", "ebay"):
        conv = make_conv(channel=channel)
        buyer_says(conv, email_account)
        result = send_survey(conv)
        assert (result.sent, result.reason) == (False, "channel")
    assert Survey.objects.count() == 0


def test_resolving_queues_a_survey_for_later_and_a_reopened_one_is_not_asked(make_conv, email_account, agent, django_capture_on_commit_callbacks, settings):
    settings.CSAT_DELAY_MINUTES = 60
    conv = make_conv()
    buyer_says(conv, email_account)
    with clock.frozen(T0), django_capture_on_commit_callbacks(execute=True):
        actions.resolve(conv, agent)
    task = DBTaskResult.objects.get(task_path="sellerdesk.csat.tasks.survey_after_resolution")
    assert (task.args_kwargs["args"], task.run_after) == ([conv.pk], T0 + __import__("datetime").timedelta(hours=1))
    actions.reopen(conv, agent)
    assert survey_after_resolution.call(conv.pk) == "not resolved"
    actions.resolve(conv, agent)
    assert survey_after_resolution.call(conv.pk) == "sent"


def test_buyer_answers_with_one_click_and_automation_hears(make_conv, email_account, agent, django_capture_on_commit_callbacks):
    from sellerdesk.automation import rules
    from sellerdesk.automation.models import Fire

    conv = make_conv(language="ja", assignee=agent, tier=3)
    rules.create_rule(name="Low score", event="csat.answered", enabled=True, definition={
        "conditions": [{"type": "csat_rating", "params": {"max": 4}}],
        "actions": [{"type": "escalate", "params": {"reason": "low CSAT"}}]})
    buyer_says(conv, email_account)
    survey = send_survey(conv).survey
    url = link(survey).replace("http://127.0.0.1:8000", "")
    buyer = Client(enforce_csrf_checks=False)
    page = buyer.get(url).content.decode()
    assert '<html lang="ja">' in page and "今回のサポートにどの程度満足されましたか?" in page
    assert page.count('name="rating"') == 5
    with django_capture_on_commit_callbacks(execute=True):
        answered = buyer.post(url, {"rating": "4", "comment": "丁寧でした"})
    assert "ご回答ありがとうございました。" in answered.content.decode()
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == (4, "丁寧でした")
    assert Event.objects.get(kind="csat_answered").data == {"survey_id": survey.pk, "rating": 4, "has_comment": True}
    # The automation rule heard the answer through the real event path and escalated.
    conv.refresh_from_db()
    fire = Fire.objects.get()
    assert (fire.event, fire.key, fire.outcome, conv.tier) == (
        "csat.answered", f"csat.answered:c{conv.pk}:survey_id={survey.pk}", Fire.Outcome.DONE, 1)
    assert buyer.post(url, {"rating": "9"}).status_code == 400


def test_a_forged_or_old_link_is_refused(make_conv, email_account, settings):
    conv = make_conv()
    buyer_says(conv, email_account)
    survey = send_survey(conv).survey
    url = link(survey).replace("http://127.0.0.1:8000", "")
    assert Client().get(url[:-3] + "xx/").status_code == 404
    settings.CSAT_LINK_DAYS = 0
    response = Client().get(url)
    assert response.status_code == 404 and "This survey link has expired or is not valid." in response.content.decode()


def test_the_answer_shows_on_the_conversation(web, make_conv, email_account):
    conv = make_conv()
    buyer_says(conv, email_account)
    from sellerdesk.csat.survey import answer

    answer(send_survey(conv).survey, 2, "Too slow")
    page = web.get(f"/conversations/{conv.pk}/").content.decode()
    box = page.split('id="csat-box"')[1].split("</section>")[0]
    assert '<strong class="csat-score">2/5</strong> “Too slow”' in box
