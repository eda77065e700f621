import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from sellerdesk.channels import pipeline
from sellerdesk.conversations.models import Message


def test_createagent_creates_profile(db):
    call_command("createagent", "mei", password="long-password", languages="zh,en", ui_language="zh-hans", senior=True, verbosity=0)
    user = get_user_model().objects.get(username="mei")
    assert user.check_password("long-password")
    assert user.agent.languages == ["zh", "en"]
    assert user.agent.ui_language == "zh-hans"
    assert user.agent.is_senior is True


def test_createagent_refuses_short_password(db):
    with pytest.raises(CommandError, match="at least 8 characters"):
        call_command("createagent", "mei", password="short", verbosity=0)


def test_redeliver_processes_a_failed_delivery_after_fix(email_account, capsys):
    raw, _ = pipeline.store_delivery(email_account, "<x@y>", b"Subject: hi\r\n\r\nno sender")
    assert pipeline.process(raw.pk) == "failed"
    # The "fix": the stored bytes are corrected (as a parser fix would make them readable).
    type(raw).objects.filter(pk=raw.pk).update(body=b"From: a@b.example\r\nSubject: hi\r\nMessage-ID: <x@y>\r\n\r\nhello")
    call_command("redeliver", "--failed")
    assert capsys.readouterr().out == f"{raw.pk} email <x@y>: processed\n"
    assert Message.objects.get().body_text == "hello"


def test_redeliver_unknown_id(db):
    with pytest.raises(CommandError, match="1 delivery id"):
        call_command("redeliver", "999")
