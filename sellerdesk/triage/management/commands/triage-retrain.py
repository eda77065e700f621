"""sellerdesk triage-retrain: rebuild the triage model from the shipped data plus agents' corrections."""

from django.core.management.base import BaseCommand

from sellerdesk.triage import model, training


class Command(BaseCommand):
    requires_system_checks = []  # runs at install time, before the rest of the site need be sound
    help = "Retrain the triage model from the dev set, the shipped examples and all stored corrections."

    def handle(self, *args, **opts):
        extra = training.local_rows()
        built = training.build(extra)
        path = model.artefact_path()
        built.save(path)
        model.reset()
        self.stdout.write(
            f"triage model retrained: {path} ({built.meta['rows']} rows, {built.meta['corrections']} corrections, "
            f"tier-1 threshold {built.tier1_threshold:.3f})"
        )
