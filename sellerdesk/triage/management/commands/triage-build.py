"""sellerdesk triage-build [--force]: build the triage model artefact if it is missing or stale."""

from django.core.management.base import BaseCommand

from sellerdesk.triage import model, training


class Command(BaseCommand):
    requires_system_checks = []  # runs at install time, before the rest of the site need be sound
    help = "Build the triage model (DATA_DIR/models/triage.npz) from the shipped data and stored corrections."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if the model is up to date")

    def handle(self, *args, **opts):
        path = model.artefact_path()
        if not opts["force"] and path.exists():
            try:
                current = model.Model.load(path)
            except (OSError, ValueError, KeyError):
                current = None
            if current and model.is_current(current):
                self.stdout.write(f"triage model up to date: {path} ({current.meta.get('rows')} rows)")
                return
        extra = training.local_rows(optional=True)
        built = training.build(extra)
        built.save(path)
        model.reset()
        self.stdout.write(
            f"triage model built: {path} ({built.meta['rows']} rows, {built.meta['corrections']} corrections, "
            f"tier-1 threshold {built.tier1_threshold:.3f}, {built.meta['built_in_seconds']} s)"
        )
