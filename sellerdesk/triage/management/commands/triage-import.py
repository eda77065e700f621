"""sellerdesk triage-import FILE: fit triage to a seller's labelled history, after showing what it gains.

Without --apply nothing changes: the command reads the file, maps its categories, and prints
cross-validated figures on those rows for the shipped model and for one fitted with them.
With --apply the rows are kept and the model is rebuilt with them.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.triage import model, seller_data, training

ROWS = (("intent macro-F1", ("intent", "macro_f1")), ("intent accuracy", ("intent", "accuracy")),
        ("tier-1 recall", ("tier1", "recall")), ("tier-1 precision", ("tier1", "precision")))


def _get(report: dict, path: tuple[str, str]):
    return report[path[0]][path[1]]


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    requires_system_checks = []
    help = "Import a seller's labelled messages (CSV or JSONL), compare cross-validated figures, and with --apply fit the model to them."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with a header row, or JSON Lines: one past message and its category per row")
        parser.add_argument("--text-column", default="text", help="the column holding the message (default: text)")
        parser.add_argument("--label-column", default="intent", help="the column holding the category (default: intent)")
        parser.add_argument("--map", dest="mapping", metavar="FILE",
                            help="your categories to our intents: a JSON object or a two-column CSV (category,intent)")
        parser.add_argument("--cv", type=int, default=3, metavar="N", help="folds for the comparison (default 3)")
        parser.add_argument("--apply", action="store_true", help="keep the rows and rebuild the model with them")
        parser.add_argument("--json", action="store_true", help="print the comparison as JSON")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if opts["cv"] < 2:
            raise CommandError("--cv needs at least 2 folds")
        try:
            mapping = seller_data.read_mapping(Path(opts["mapping"])) if opts["mapping"] else {}
            history = seller_data.read_history(path, text_column=opts["text_column"],
                                               label_column=opts["label_column"], mapping=mapping)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        if history.unmapped:
            listed = ", ".join(f"{k!r} ({n})" for k, n in history.unmapped.most_common())
            raise CommandError(
                f"{sum(history.unmapped.values())} rows have categories that are not intents: {listed}. "
                "Map them with --map FILE (category,intent per line; 'other' for anything else)."
            )
        try:
            report = seller_data.compare(history.rows, folds=opts["cv"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report["read"] = history.read
        report["skipped"] = dict(history.skipped)
        report["categories"] = history.categories
        if opts["json"]:
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True, default=str))
        else:
            self._render(report)
        if opts["apply"]:
            stored = seller_data.install(history.rows)
            built = training.build(training.local_rows())
            built.save(model.artefact_path())
            model.reset()
            self.stdout.write(f"installed: {len(history.rows)} rows kept in {stored}; model rebuilt "
                              f"({built.meta['rows']} rows, {built.meta['seller_rows']} of them yours)")
        elif not opts["json"]:
            self.stdout.write("nothing changed: run again with --apply to fit the model to these rows")

    def _render(self, report: dict) -> None:
        skipped = ", ".join(f"{reason} {n}" for reason, n in sorted(report["skipped"].items()))
        self.stdout.write(
            f"read {report['read']} rows: {report['rows']} used"
            + (f", skipped: {skipped}" if skipped else "")
            + (f", {report['left_out']} left out (categories with too few rows to cross-validate)" if report["left_out"] else "")
        )
        self.stdout.write(f"cross-validated on your rows ({report['folds']} folds):")
        self.stdout.write(f"{'':<20}{'shipped model':>15}{'fitted model':>15}")
        for label, key in ROWS:
            self.stdout.write(f"{label:<20}{_fmt(_get(report['shipped'], key)):>15}{_fmt(_get(report['fitted'], key)):>15}")
