"""sellerdesk inbound CHANNEL FILE [FILE ...] [--account ID] [--trusted] [--topic TOPIC] [--json]"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels.registry import get_receiver, receivers
from sellerdesk.channels.replay import ReplayError, describe, feed, pick_account, where

log = logging.getLogger(__name__)
NOT_ACCEPTED = ("failed", "rejected", "not stored", "crashed")


def outcome_key(result: dict) -> str:
    """What became of one file, for the summary: duplicate, crashed, a delivery status, or "not stored"."""
    if result.get("crashed"):
        return "crashed"
    if result.get("duplicate"):
        return "duplicate"
    return result.get("status") or "not stored"


class Command(BaseCommand):
    help = ("Feed deliveries kept in files through the channel's receiver and pipeline, and print what each created: "
            "a raw .eml for email; for a webhook channel a capture {\"headers\": {...}, \"body\": \"...\"} as received "
            "over HTTP, or the bare body the platform POSTs (JSON, XML for WeChat; its signature cannot be checked). "
            "With several files: one process, one line of JSON per file, in the order given.")

    def add_arguments(self, parser):
        parser.add_argument("channel")
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--account", type=int, help="channel account id (needed when there are several)")
        parser.add_argument("--trusted", action="store_true", help="skip the signature check (a capture signed with another secret)")
        parser.add_argument("--topic", default="", help="a bare body's topic, which the platform sends in a header "
                                                        "(Shopify: orders/updated, refunds/create ...); read from the body's shape when absent")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON (always, with several files)")

    def handle(self, channel, files, account, trusted, topic, as_json, **options):
        try:
            account_id = pick_account(channel, account).pk  # once: a wrong channel or account stops before any file
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        if topic and (channel not in receivers() or not get_receiver(channel).takes_topic):
            raise CommandError(f"--topic means nothing for {channel}: its deliveries say everything in the body")
        if len(files) == 1:
            return self.one(channel, files[0], account_id, trusted, topic, as_json)
        counts: dict[str, int] = {}
        for path in files:
            result = self.line(channel, path, account_id, trusted, topic)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            key = outcome_key(result)
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        refused = sum(n for k, n in counts.items() if k in NOT_ACCEPTED)
        self.stderr.write(f"{len(files)} files: {summary}")
        if refused:
            raise CommandError(f"{refused} of {len(files)} files were not accepted (see their lines)")

    def one(self, channel, path: Path, account_id: int, trusted: bool, topic: str, as_json: bool) -> None:
        try:
            result = feed(channel, path, account_id=account_id, trusted=trusted, topic=topic)
        except ReplayError as exc:
            raise CommandError(f"{path}: {exc}") from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(describe(result)))
        if result["http_status"] != 200 or result["status"] == "failed" or result.get("crashed"):
            raise CommandError(result["error"] or f"HTTP {result['http_status']}")

    def line(self, channel, path: Path, account_id: int, trusted: bool, topic: str) -> dict:
        """One file's result; an unreadable file or an unexpected error is that file's error, not the run's end."""
        try:
            return {"file": str(path), **feed(channel, path, account_id=account_id, trusted=trusted, topic=topic)}
        except ReplayError as exc:
            return {"file": str(path), "channel": channel, "http_status": None, "delivery": None, "status": "", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a folder's replay
            log.warning("inbound %s: %s failed: %s", channel, path, where(exc))
            return {"file": str(path), "channel": channel, "http_status": None, "delivery": None, "status": "",
                    "error": where(exc), "crashed": True}
