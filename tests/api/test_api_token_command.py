import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from sellerdesk.accounts.models import ApiToken
from sellerdesk.conversations.models import Event


def issue(capsys, username="agent1", name="zapier"):
    call_command("apitoken", username, name=name)
    out, err = capsys.readouterr()
    return out.strip(), err


def test_new_token_is_printed_once_and_works(agent, capsys):
    key, err = issue(capsys)
    row = ApiToken.objects.get(user=agent)
    assert key.startswith("sd_") and len(key) == 46
    assert err == f"token {key[:8]}… (zapier) for agent1: shown once, store it now.\n"
    assert row.key_hash == ApiToken.hash(key)
    r = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["token_name"] == "zapier"
    assert list(Event.objects.values_list("kind", "actor__username", "data")) == [
        ("api_token_issued", "agent1", {"token_id": row.pk, "prefix": key[:8], "name": "zapier", "scopes": ["read"], "expires_at": None})
    ]


def test_list_shows_prefix_and_name_never_the_key(agent, capsys):
    key, _ = issue(capsys)
    ApiToken.objects.update(created_at=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc))
    call_command("apitoken", "agent1", "--list")
    out = capsys.readouterr().out
    assert out == f"{key[:8]}…\tzapier\tread\tcreated 2026-11-23T12:00:00+00:00\texpires never\tlast used never\n"


def test_list_when_there_are_none(agent, capsys):
    call_command("apitoken", "agent1", "--list")
    assert capsys.readouterr().out == "agent1 has no API tokens.\n"


def test_revoke_by_prefix_stops_the_token(agent, capsys):
    key, _ = issue(capsys)
    keep, _ = issue(capsys, name="other")
    call_command("apitoken", "agent1", revoke=key[:8])
    assert capsys.readouterr().out == f"revoked {key[:8]}… (zapier)\n"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {keep}").get("/api/v1/me").status_code == 200
    assert list(Event.objects.filter(kind="api_token_revoked").values_list("data__name", flat=True)) == ["zapier"]


def test_revoke_with_the_whole_key(agent, capsys):
    key, _ = issue(capsys)
    call_command("apitoken", "agent1", revoke=key)
    assert ApiToken.objects.count() == 0


def test_revoke_only_touches_the_named_users_tokens(agent, capsys):
    get_user_model().objects.create_user("bob", password="x" * 10)
    key, _ = issue(capsys)
    with pytest.raises(CommandError, match=f"No token of bob starts with '{key[:8]}'"):
        call_command("apitoken", "bob", revoke=key[:8])
    assert ApiToken.objects.count() == 1


def test_ambiguous_prefix_is_refused(agent, capsys):
    issue(capsys)
    issue(capsys, name="second")
    with pytest.raises(CommandError, match="2 tokens start with 'sd_'; give more of the key."):
        call_command("apitoken", "agent1", revoke="sd_")
    assert ApiToken.objects.count() == 2


def test_unknown_or_inactive_user_and_blank_name(agent):
    with pytest.raises(CommandError, match="No user 'nobody'."):
        call_command("apitoken", "nobody", name="x")
    with pytest.raises(CommandError, match="A token needs a name"):
        call_command("apitoken", "agent1", name="  ")
    get_user_model().objects.filter(pk=agent.pk).update(is_active=False)
    with pytest.raises(CommandError, match="agent1 is inactive"):
        call_command("apitoken", "agent1", name="x")
    assert ApiToken.objects.count() == 0


def test_one_mode_is_required(agent):
    with pytest.raises(CommandError, match="one of the arguments --name --list --revoke is required"):
        call_command("apitoken", "agent1")
