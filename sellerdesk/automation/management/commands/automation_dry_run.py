"""sellerdesk automation-dry-run FILE.jsonl [--rules FILE|default|enabled] [--json]"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.automation.dryrun import auto_answered, load_rules, run_rows
from sellerdesk.automation.registry import RuleError


class Command(BaseCommand):
    help = "What the automation rules would do on each row of a JSONL file; nothing is written or sent."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines: id, text, optional channel, lang, order {...} (docs/automation.md)")
        parser.add_argument("--rules", default="default", help="a rules JSON file, 'default' (the built-in recipes) or 'enabled' (this desk's)")
        parser.add_argument("--json", action="store_true", help="one JSON line per row (else a short text summary)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            rules = load_rules(options["rules"])
        except (RuleError, OSError, ValueError, KeyError) as exc:
            raise CommandError(f"--rules {options['rules']}: {exc}") from None
        rows, bad = [], []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text", ""), str):
                    raise ValueError("not an object with a text")
            except ValueError as exc:
                bad.append(f"line {n}: {exc}")
                continue
            row.setdefault("id", n)
            rows.append(row)
        for message in bad:
            self.stderr.write(message)
        results = run_rows(rows, rules)
        if options["json"]:
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            answered = sum(auto_answered(r) for r in results)
            fired = sum(bool(r["fired"]) for r in results)
            self.stdout.write(f"{len(results)} rows, {len(rules)} rules: a rule fired on {fired}, a message would go to the buyer on {answered}.")
        if bad:
            sys.exit(1)
