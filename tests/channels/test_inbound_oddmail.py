"""The generated odd-mail corpus (tests/channels/oddmail.py) through `sellerdesk inbound email`, in
one run: every file stored, byte for byte, with the status its shape calls for; none crashes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.channels.models import RawDelivery
from sellerdesk.lib import clock
from tests.channels.oddmail import corpus, write
from tests.channels.test_inbound_command import NOW


def test_every_odd_mail_is_stored_with_its_status(email_account, tmp_path):
    mails = {m.name: m for m in corpus()}
    paths = write(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with clock.frozen(NOW), pytest.raises(CommandError, match=r"files were not accepted"):
        call_command("inbound", "email", *map(str, paths), stdout=out, stderr=err)
    lines = {Path(r["file"]).stem: r for r in map(json.loads, out.getvalue().splitlines())}
    assert sorted(lines) == sorted(mails)
    assert [name for name, r in lines.items() if r.get("crashed") or r["duplicate"] or r["delivery"] is None] == []
    assert {name: (r["status"], r["error"]) for name, r in lines.items()} == {name: (m.status, m.reason) for name, m in mails.items()}
    # decoded, not merely stored: the shapes about a charset or an encoding show the buyer's words
    shown = {name: [m["text"] for m in lines[name]["messages"]] for name, mail in mails.items() if mail.shows}
    assert [name for name, texts in shown.items() if len(texts) != 1 or mails[name].shows not in texts[0]] == []
    assert len(shown) == 16 * 6
    # failed and ignored mail says why; nothing processed carries an error
    assert [name for name, r in lines.items() if (r["status"] == "processed") == bool(r["error"])] == []
    stored = dict(RawDelivery.objects.values_list("pk", "body"))
    assert [name for name, r in lines.items() if bytes(stored[r["delivery"]]) != mails[name].content] == []
