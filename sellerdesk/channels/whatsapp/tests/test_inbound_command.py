"""`sellerdesk inbound whatsapp FILE…`: captures and bare webhook bodies (the JSON Meta POSTs),
one line of JSON per file."""

from __future__ import annotations

import io
import json

from django.core.management import CommandError, call_command

from sellerdesk.channels.whatsapp.tests.build_fixtures import wamid
from sellerdesk.channels.whatsapp.tests.conftest import FIXTURES
from sellerdesk.channels.whatsapp.tests.fakes import SENT
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock


def run(*args) -> list[dict]:
    """One result per file (several files: one JSON line each; one file: one indented object)."""
    out = io.StringIO()
    try:
        with clock.frozen(SENT):
            call_command("inbound", "whatsapp", *map(str, args), "--json", stdout=out, stderr=io.StringIO())
    except CommandError:
        pass  # some file was not accepted: its line says why
    text = out.getvalue()
    return [json.loads(text)] if text.startswith("{\n") else [json.loads(line) for line in text.splitlines()]


def test_bare_body_is_accepted_when_trusted(wa_account):
    (result,) = run(FIXTURES / "bare_text_body.json", "--trusted")
    assert (result["http_status"], result["status"], [m["text"] for m in result["messages"]]) == (200, "processed", ["Is my parcel coming today?"])
    assert Message.objects.get().external_id == f"whatsapp:msg:{wamid(17)}"


def test_bare_body_is_processed_as_the_operators_file_without_a_signature(wa_account):
    (result,) = run(FIXTURES / "bare_text_body.json")
    assert (result["http_status"], result["status"], result["signature"]) == (200, "processed", "not checked: bare body")
    assert Message.objects.count() == 1


def test_captures_and_bare_bodies_in_one_run(wa_account):
    lines = run(FIXTURES / "text.json", FIXTURES / "status_read.json", FIXTURES / "text_without_id.json", FIXTURES / "bare_text_body.json",
                "--trusted")
    assert [(r["http_status"], r["status"]) for r in lines] == [(200, "processed"), (200, "ignored"), (400, "failed"), (200, "processed")]
