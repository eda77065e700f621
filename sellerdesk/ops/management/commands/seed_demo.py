"""Demo data: agents with rotas, channel accounts on every channel and a realistic multilingual inbox. Safe to run again."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sellerdesk.channels import pipeline
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.demo import approvals as demo_approvals
from sellerdesk.demo import platforms, safety, team
from sellerdesk.lib import clock

DEMO_DIR = Path(__file__).resolve().parents[3] / "demo"
DEMO_USER = "demo"
DEMO_PASSWORD = "sellerdesk-demo"

ACCOUNTS = [
    # key, kind, name, address, marketplace
    ("support", "email", "Support mailbox", "support@brightdesk-demo.com", ""),
    ("amazon-us", "email", "Amazon US buyer messages", "amazon-us@brightdesk-demo.com", "US"),
    ("amazon-eu", "email", "Amazon EU buyer messages", "amazon-eu@brightdesk-demo.com", "DE"),
]


class Command(BaseCommand):
    help = "Load the demo team, channel accounts and inbox (idempotent). See docs/demo.md."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(safety.REFUSED_IN_PRODUCTION)
        # The rota first: every message below is routed as it arrives.
        team.ensure_team(DEMO_PASSWORD)
        accounts = {}
        for key, kind, name, address, marketplace in ACCOUNTS:
            account, _ = ChannelAccount.objects.get_or_create(
                kind=kind, address=address, defaults={"name": name, "marketplace": marketplace}
            )
            # Demo accounts send through the local demo outbox (`sellerdesk mailsink`), whatever its port is today.
            account.config = {
                "demo": True,
                "smtp": {"host": "127.0.0.1", "port": settings.MAILSINK_PORT, "security": "none", "from_address": address},
                # What buyers see in replies (docs/templates.md), not the account's internal name.
                "shop": {"name": "Brightdesk", "signature": "Brightdesk customer care"},
            }
            account.save(update_fields=["config"])
            accounts[key] = account
        self._load_mail(accounts)
        marketplaces, notes = platforms.ensure_accounts()
        notes += platforms.load(marketplaces, clock.now())
        demo_approvals.request_pending_refund()
        for note in notes:
            self.stderr.write(f"demo: {note}")
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
