"""Load the starter library: creates the variants that are missing, never overwrites an edited one."""

from __future__ import annotations

from sellerdesk.replies.library.starter import entries


def load_starter(template_model, event_model, now) -> int:
    """Create missing starter templates; returns how many were created. Takes the model classes so the
    data migration can pass its historical models."""
    existing = set(template_model.objects.values_list("key", "language", "channel"))
    new = [
        template_model(**entry, created_at=now, updated_at=now)
        for entry in entries()
        if (entry["key"], entry["language"], entry["channel"]) not in existing
    ]
    if new:
        template_model.objects.bulk_create(new, ignore_conflicts=True)
    # The fresh-install migration passes no event model: the log records people's actions, and an
    # event written by a migration would sit in every database (and every test) from the start.
    if new and event_model is not None:
        event_model.objects.create(conversation=None, actor=None, kind="templates_loaded", data={"created": len(new)}, created_at=now)
    return len(new)
