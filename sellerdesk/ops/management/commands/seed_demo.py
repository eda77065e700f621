"""Demo data: agents, channel accounts and a realistic multilingual inbox. Safe to run again."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sellerdesk.accounts.models import Team
from sellerdesk.channels import pipeline
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib import clock

DEMO_DIR = Path(__file__).resolve().parents[3] / "demo"
DEMO_USER = "demo"
DEMO_PASSWORD = "sellerdesk-demo"

AGENTS = [
    # username, name, role, languages, ui language, timezone, senior
    (DEMO_USER, "Demo Admin", "admin", "en,zh,de,fr,es,ja", "en", "Asia/Shanghai", True),
    ("liwei", "李伟 Li Wei", "supervisor", "zh,en", "zh-hans", "Asia/Shanghai", True),
    ("anna", "Anna Schmidt", "agent", "de,en,fr", "en", "Europe/Berlin", False),
    ("yuki", "Yuki Tanaka", "agent", "ja,en", "en", "Asia/Tokyo", False),
    ("maria", "María López", "agent", "es,en,it,pt", "en", "America/Mexico_City", False),
]

ACCOUNTS = [
    # key, kind, name, address, marketplace
    ("support", "email", "Support mailbox", "support@brightdesk-demo.com", ""),
    ("amazon-us", "email", "Amazon US buyer messages", "amazon-us@brightdesk-demo.com", "US"),
    ("amazon-eu", "email", "Amazon EU buyer messages", "amazon-eu@brightdesk-demo.com", "DE"),
]


class Command(BaseCommand):
    help = "Load the demo team, channel accounts and inbox (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        team, _ = Team.objects.get_or_create(name="Global support", defaults={"timezone": "Asia/Shanghai"})
        for username, name, role, langs, ui, tz, senior in AGENTS:
            if not User.objects.filter(username=username).exists():
                call_command(
                    "createagent", username, password=DEMO_PASSWORD, name=name, role=role, languages=langs,
                    ui_language=ui, timezone=tz, senior=senior, email=f"{username}@brightdesk-demo.com", verbosity=0,
                )
            User.objects.get(username=username).agent.__class__.objects.filter(user__username=username).update(team=team)
        accounts = {}
        for key, kind, name, address, marketplace in ACCOUNTS:
            account, _ = ChannelAccount.objects.get_or_create(
                kind=kind, address=address, defaults={"name": name, "marketplace": marketplace}
            )
            # Demo accounts send through the local demo outbox (`sellerdesk mailsink`), whatever its port is today.
            account.config = {
                "demo": True,
                "smtp": {"host": "127.0.0.1", "port": settings.MAILSINK_PORT, "security": "none", "from_address": address},
            }
            account.save(update_fields=["config"])
            accounts[key] = account
        self._load_mail(accounts)
        return f"{DEMO_USER} / {DEMO_PASSWORD}"

    def _load_mail(self, accounts):
        manifest_path = DEMO_DIR / "mail" / "manifest.json"
        if not manifest_path.exists():
            return
        now = clock.now()
        for entry in json.loads(manifest_path.read_text()):
            raw = (DEMO_DIR / "mail" / entry["file"]).read_bytes()
            # Dates are relative to now, so the demo inbox always shows live countdowns.
            sent = now - dt.timedelta(hours=entry.get("hours_ago", 1))
            raw = _with_date(raw, email.utils.format_datetime(sent))
            account = accounts[entry["account"]]
            with transaction.atomic():
                raw_row, created = pipeline.store_delivery(account, message_id_of(raw), raw, channel="email")
            if created:
                pipeline.process(raw_row.pk)


def _with_date(raw: bytes, date: str) -> bytes:
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    nl = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    lines = [l for l in head.split(nl) if not l.lower().startswith(b"date:")]
    lines.append(b"Date: " + date.encode())
    return nl.join(lines) + sep + body
