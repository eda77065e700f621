"""sellerdesk compliance-check [--channel CHANNEL] FILE [--json] | --templates: audit texts against the rules."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.replies.compliance.audit import audit_templates, rule_channels
from sellerdesk.replies.compliance.bulk import check_file, text_rules


class Command(BaseCommand):
    help = (
        "Run the compliance rules of a channel on each row's \"text\" in a JSON Lines or CSV file and print per-row verdicts "
        "(blocked / warned / clean, with rule ids) and a summary; rows labelled with a \"verdict\" (block / warn / allow) "
        "are scored (recall, false-block rate, per language, channel and rule). With --templates, audit every stored "
        "template on every channel it can be sent on. Reply windows and quiet hours are not checked: they depend on the "
        "moment of sending."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?",
            help='JSON Lines ({"id"?, "text", "channel"?, "marketplace"?, "context"?, "lang"?, "verdict"?, "rule"?} a line) '
                 "or a .csv file with those columns",
        )
        parser.add_argument("--channel", default="", help="amazon, ebay, tiktok, walmart, shopify, email... (a row's own \"channel\" wins)")
        parser.add_argument("--marketplace", default="", help="marketplace country, e.g. DE (numbers valid there count as phone numbers as written)")
        parser.add_argument("--templates", action="store_true", help="audit the stored template library instead of a file")
        parser.add_argument("--no-semantic", action="store_true", help="patterns and structural checks only (to see what the semantic check adds)")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    def handle(self, *args, **opts):
        channel = opts["channel"].strip().lower()
        semantic = not opts["no_semantic"]
        if opts["templates"]:
            if opts["file"]:
                raise CommandError("give either a FILE or --templates, not both")
            channels = [channel] if channel else None
            if channel and not text_rules(channel):
                self.stderr.write(f"note: no text rules apply to channel {channel!r}; every template will be clean")
            report = audit_templates(channels, semantic=semantic)
            if not channel:
                self.stderr.write(f"templates for any channel are checked on: {', '.join(rule_channels())}")
        else:
            if not opts["file"]:
                raise CommandError("give a FILE to check (or --templates)")
            path = Path(opts["file"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            if channel and not text_rules(channel):
                self.stderr.write(f"note: no text rules apply to channel {channel!r}; every row will be clean")
            report = check_file(path, channel=channel or None, marketplace=opts["marketplace"].strip().upper(), semantic=semantic)
        for row in report["rows"]:
            if row["status"] == "error":
                self.stderr.write(row["error"])
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self._table(report)

    def _table(self, report):
        rows = report["rows"]
        with_channel = any("channel" in r for r in rows)
        ids = [f"{r['id']}@{r['channel']}" if with_channel and "channel" in r else str(r["id"]) for r in rows]
        width = max([len(i) for i in ids] + [2])
        self.stdout.write(f"{'ID':<{width}}  {'STATUS':<7}  RULES")
        for row_id, r in zip(ids, rows):
            self.stdout.write(f"{row_id:<{width}}  {r['status']:<7}  {', '.join(r['rules']) or '-'}")
            for f in r.get("findings", []):
                self.stdout.write(f"{'':<{width}}    {f['severity']}: {f['reason']}")
            if r["status"] == "error":
                self.stdout.write(f"{'':<{width}}    {r['error']}")
        s = report["summary"]
        self.stdout.write(f"{s['n']} rows: {s['blocked']} blocked, {s['warned']} warned, {s['clean']} clean, {s['error']} error")
        if s["by_rule"]:
            self.stdout.write("by rule: " + ", ".join(f"{rule} {n}" for rule, n in s["by_rule"].items()))
        for name, counts in s.get("by_channel", {}).items():
            self.stdout.write(f"on {name}: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
        if "evaluation" in s:
            self._evaluation(s["evaluation"])

    def _evaluation(self, ev):
        def rate(value):
            return "-" if value is None else f"{value:.3f}"

        def line(label, t):
            return (f"{label}: recall {rate(t['recall'])} ({t['blocked']}/{t['violations']} violations blocked), "
                    f"false-block rate {rate(t['false_block_rate'])} ({t['false_blocks']}/{t['clean']} clean texts blocked)")

        self.stdout.write("")
        self.stdout.write(line("labelled rows", ev["overall"]))
        for group, title in (("by_language", "language"), ("by_channel", "channel")):
            for key, tally in ev[group].items():
                self.stdout.write(line(f"  {title} {key}", tally))
        for rule_id, t in ev["by_rule"].items():
            self.stdout.write(f"  rule {rule_id}: {t['blocked']}/{t['violations']} blocked, {t['blocked_by_named_rule']} by this rule")
        warn = ev["overall"].get("warn_rows")
        if warn:
            self.stdout.write(f"warn rows flagged as warnings: {ev['overall']['warned']}/{warn}")
        if ev["missed"]:
            self.stdout.write("missed: " + ", ".join(str(i) for i in ev["missed"]))
        if ev["false_blocked"]:
            self.stdout.write("blocked although clean: " + ", ".join(str(i) for i in ev["false_blocked"]))
        if ev["unscored_errors"]:
            self.stdout.write(f"labelled rows not scored (errors): {ev['unscored_errors']}")
