"""sellerdesk triage-build [--force]: build the triage model artefact if it is missing or stale."""

import contextlib
import threading
import time

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
        # The first start spends a minute or two here: say so, and show that it is still working.
        self.stdout.write(
            "Building the triage model once from the shipped training data (about 1-2 minutes on two cores; "
            "later starts skip this)...", ending="\n")
        self.stdout.flush()
        with _heartbeat(self.stdout):
            built = training.build(extra)
        built.save(path)
        model.reset()
        self.stdout.write(
            f"triage model built: {path} ({built.meta['rows']} rows, {built.meta['corrections']} corrections, "
            f"tier-1 threshold {built.tier1_threshold:.3f}, {built.meta['built_in_seconds']} s)"
        )


@contextlib.contextmanager
def _heartbeat(out, every: float = 15.0):
    """'  ... 30 s' every `every` seconds until the block ends."""
    done = threading.Event()
    started = time.monotonic()

    def beat():
        while not done.wait(every):
            out.write(f"  ... {int(time.monotonic() - started)} s")
            out.flush()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
