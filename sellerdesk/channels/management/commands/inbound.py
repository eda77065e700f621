"""sellerdesk inbound CHANNEL FILE [FILE ...] [--account ID] [--trusted] [--json]"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels.replay import ReplayError, describe, feed, pick_account

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Feed captured deliveries (a raw .eml for email, or JSON {\"headers\": {...}, \"body\": \"...\"} as received "
            "over HTTP) through the channel's receiver and pipeline, and print what each created. With several files: "
            "one process, one line of JSON per file, in the order given.")

    def add_arguments(self, parser):
        parser.add_argument("channel")
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--account", type=int, help="channel account id (needed when there are several)")
        parser.add_argument("--trusted", action="store_true", help="skip the signature check (a capture signed with another secret)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON (always, with several files)")

    def handle(self, channel, files, account, trusted, as_json, **options):
        try:
            account_id = pick_account(channel, account).pk  # once: a wrong channel or account stops before any file
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        if len(files) == 1:
            return self.one(channel, files[0], account_id, trusted, as_json)
        counts: dict[str, int] = {}
        for path in files:
            result = self.line(channel, path, account_id, trusted)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            key = "duplicate" if result.get("duplicate") else (result.get("status") or "not stored")
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        refused = sum(n for k, n in counts.items() if k in ("failed", "rejected", "not stored"))
        self.stderr.write(f"{len(files)} files: {summary}")
        if refused:
            raise CommandError(f"{refused} of {len(files)} files were not accepted (see their lines)")

    def one(self, channel, path: Path, account_id: int, trusted: bool, as_json: bool) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = feed(channel, path, account_id=account_id, trusted=trusted)
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(describe(result)))
        if result["http_status"] != 200 or result["status"] == "failed":
            raise CommandError(result["error"] or f"HTTP {result['http_status']}")

    def line(self, channel, path: Path, account_id: int, trusted: bool) -> dict:
        """One file's result; an unreadable file or an unexpected error is that file's error, not the run's end."""
        if not path.is_file():
            return {"file": str(path), "channel": channel, "http_status": None, "delivery": None, "status": "", "error": "no such file"}
        try:
            return {"file": str(path), **feed(channel, path, account_id=account_id, trusted=trusted)}
        except ReplayError as exc:
            return {"file": str(path), "channel": channel, "http_status": None, "delivery": None, "status": "", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a folder's replay
            log.exception("inbound %s: %s failed", channel, path)
            return {"file": str(path), "channel": channel, "http_status": None, "delivery": None, "status": "",
                    "error": f"{type(exc).__name__}: {exc}"}
