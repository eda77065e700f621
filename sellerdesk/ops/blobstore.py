"""Upkeep of the object store (lib/blobs.py): bytes moved out of the database, orphans found.

`move` takes rows whose bytes are still in their column (written before the store was
configured) into the store, a batch per transaction: the objects are written first, then the
rows point at them and their column is emptied, so a failure half way leaves every row readable.

`orphans` lists the objects no row names — left by an insert that rolled back after its upload,
by a row deleted with its account or conversation, or by a delete that failed after commit — and
deletes them with `delete=True`. Only objects older than `min_age` count: a younger one may
belong to a transaction not yet committed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.pipeline import DELIVERY_PREFIX
from sellerdesk.conversations.models import Attachment
from sellerdesk.lib import blobs, clock
from sellerdesk.lib.rows import update_rows

# (model, bytes column, key column, prefix of its objects)
KINDS = [(RawDelivery, "body", "body_key", DELIVERY_PREFIX), (Attachment, "data", "data_key", blobs.ATTACHMENT_PREFIX)]
MOVE_BATCH = 200
KEYS_PER_QUERY = 1000


class NoStore(RuntimeError):
    pass


def _store():
    store = blobs.storage()
    if store is None:
        raise NoStore("No object store is configured (SELLERDESK_BLOB_STORE is database): nothing to do.")
    return store


def move(*, batch: int = MOVE_BATCH, limit: int | None = None) -> dict[str, int]:
    """Move bytes kept in columns into the store; how many rows of each table moved."""
    _store()
    moved = {}
    for model, column, key, prefix in KINDS:
        moved[model._meta.label] = 0
        last = 0
        while limit is None or moved[model._meta.label] < limit:
            waiting = model.objects.filter(**{f"{key}__isnull": True, "pk__gt": last}).order_by("pk")
            rows = list(waiting.only("pk", column, key)[:batch])
            if not rows:
                break
            last = rows[-1].pk
            rows = [r for r in rows if len(r.__dict__[column])]  # empty bytes (erased rows) stay as they are
            blobs.offload(rows, prefix=prefix)
            with transaction.atomic():
                update_rows(rows, [column, key])  # the columns' own values (bulk_update would read the objects)
            moved[model._meta.label] += len(rows)
    return moved


@dataclass
class Orphans:
    checked: int
    orphans: list[str]
    deleted: int


def orphans(*, delete: bool = False, min_age: dt.timedelta = dt.timedelta(days=1)) -> Orphans:
    store = _store()
    cutoff = clock.now() - min_age
    checked, found, deleted = 0, [], 0
    for model, _column, key, prefix in KINDS:
        try:
            shards, _files = store.listdir(prefix)
        except FileNotFoundError:
            continue  # a folder store has no folder until its first object
        for shard in sorted(shards):
            names = [f"{prefix}/{shard}/{name}" for name in store.listdir(f"{prefix}/{shard}")[1]]
            checked += len(names)
            known = set()
            for start in range(0, len(names), KEYS_PER_QUERY):
                chunk = names[start:start + KEYS_PER_QUERY]
                known.update(model.objects.filter(**{f"{key}__in": chunk}).values_list(key, flat=True))
            for name in names:
                if name not in known and store.get_modified_time(name) < cutoff:
                    found.append(name)
                    if delete:
                        store.delete(name)
                        deleted += 1
    return Orphans(checked, found, deleted)
