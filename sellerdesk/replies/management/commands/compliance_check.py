"""sellerdesk compliance-check --channel CHANNEL FILE.jsonl [--json]: audit texts against a channel's rules."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.replies.compliance.bulk import check_file, text_rules


class Command(BaseCommand):
    help = (
        "Run the compliance rules of a channel on each row's \"text\" in a JSON Lines file and print per-row verdicts "
        "(blocked / warned / clean, with rule ids) and a summary. Reply windows and quiet hours are not checked: "
        "they depend on the moment of sending."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON Lines, one {"id"?, "text", "channel"?, "marketplace"?} per line')
        parser.add_argument("--channel", required=True, help="amazon, ebay, whatsapp, ... (a row's own \"channel\" wins)")
        parser.add_argument("--marketplace", default="", help="marketplace country, e.g. DE (used to read phone numbers)")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        channel = opts["channel"].strip().lower()
        if not text_rules(channel):
            self.stderr.write(f"note: no text rules apply to channel {channel!r}; every row will be clean")
        report = check_file(path, channel=channel, marketplace=opts["marketplace"].strip().upper())
        for row in report["rows"]:
            if row["status"] == "error":
                self.stderr.write(row["error"])
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self._table(report)

    def _table(self, report):
        rows = report["rows"]
        width = max([len(str(r["id"])) for r in rows] + [2])
        self.stdout.write(f"{'ID':<{width}}  {'STATUS':<7}  RULES")
        for r in rows:
            self.stdout.write(f"{str(r['id']):<{width}}  {r['status']:<7}  {', '.join(r['rules']) or '-'}")
            for f in r.get("findings", []):
                self.stdout.write(f"{'':<{width}}    {f['severity']}: {f['reason']}")
            if r["status"] == "error":
                self.stdout.write(f"{'':<{width}}    {r['error']}")
        s = report["summary"]
        self.stdout.write(f"{s['n']} rows: {s['blocked']} blocked, {s['warned']} warned, {s['clean']} clean, {s['error']} error")
        if s["by_rule"]:
            self.stdout.write("by rule: " + ", ".join(f"{rule} {n}" for rule, n in s["by_rule"].items()))
