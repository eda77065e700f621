"""sellerdesk triage-eval FILE.jsonl [--json] [--cv N] [--by source,lang] [--second-opinion]: measure triage on a labelled file."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.triage import evaluation, training


class Command(BaseCommand):
    requires_system_checks = []  # runs at install time, before the rest of the site need be sound
    help = "Evaluate triage on a JSONL file in the eval format (rows without a label are skipped for that metric)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines: text, lang, intent, sentiment (labels optional)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--cv", type=int, default=0, metavar="N",
            help="N-fold cross-validation: each fold is scored by a model trained without it",
        )

        parser.add_argument(
            "--second-opinion", action="store_true",
            help="also ask the configured language model about unsure messages, as the product does (SELLERDESK_TRIAGE_LLM)",
        )
        parser.add_argument(
            "--by", default="", metavar="KEYS",
            help="also report per value of these row fields, comma-separated (e.g. source,lang)",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            rows = training.read_jsonl(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        bad = [n for n, r in enumerate(rows, 1) if not isinstance(r, dict) or not isinstance(r.get("text"), str)]
        if bad:
            raise CommandError(f"{path}: row {bad[0]} has no text")
        keys = [k.strip() for k in opts["by"].split(",") if k.strip()]
        unknown = [k for k in keys if k not in evaluation.GROUP_KEYS]
        if unknown:
            raise CommandError(f"--by {unknown[0]}: choose among {', '.join(evaluation.GROUP_KEYS)}")
        if opts["cv"]:
            if opts["cv"] < 2:
                raise CommandError("--cv needs at least 2 folds")
            rows, results, report = self._cross_validated(rows, opts["cv"])
        else:
            results, report = evaluation.evaluate_with_results(rows)
        if opts["second_opinion"]:
            from sellerdesk.triage import second_opinion

            if not second_opinion.enabled():
                raise CommandError("The second opinion is not configured: set SELLERDESK_TRIAGE_LLM=on, SELLERDESK_LLM_URL and SELLERDESK_LLM_MODEL.")
            results, asked = evaluation.with_second_opinion(rows, results)
            report = {**evaluation.score(rows, results, 0.0), "second_opinion": asked}
        if keys:
            report["by"] = evaluation.breakdown(rows, results, keys)
        if opts["json"]:
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
        else:
            self.stdout.write(evaluation.render(report), ending="")
            if keys:
                self.stdout.write(evaluation.render_breakdown(report["by"]), ending="")

    def _cross_validated(self, rows, folds):
        all_rows, all_results, elapsed = [], [], 0.0
        for held, model in training.cross_validate(rows, folds):
            started = time.perf_counter()
            all_results.extend(evaluation.triage_rows(held, using=model))
            elapsed += time.perf_counter() - started
            all_rows.extend(held)
        report = evaluation.score(all_rows, all_results, elapsed)
        report["cross_validation_folds"] = folds
        return all_rows, all_results, report
