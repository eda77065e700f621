"""Bytes of raw deliveries and attachments: in their database column, or in an object store.

With `SELLERDESK_BLOB_STORE` unset (or `database`) the bytes stay in the row's column, as they
always did. With `files` or `s3` (docs/configuration.md, "Object storage") new bytes go to the
`blobs` storage of Django's STORAGES — local files, or any S3-compatible bucket through
django-storages — and the row keeps the object's key in a second column with an empty body.

Readers do not care which: a `BlobField` reads its object the first time the attribute is
read, so `raw.body` and `attachment.data` are bytes either way, and rows written before the
store was configured keep working from their column. Writers call `offload(objs)` before they
insert; whatever deletes rows hands the keys to `delete_after_commit`.
"""

from __future__ import annotations

import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute

STORAGE_ALIAS = "blobs"
# Where attachments' files go in the store (raw deliveries: channels.pipeline.DELIVERY_PREFIX).
ATTACHMENT_PREFIX = "attachments"
# Parallel PUTs for one batch (an IMAP poll's 50 mails): the network waits, not the CPU.
UPLOAD_THREADS = 8


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _forgotten_in_child() -> None:
    # A forked process (an RQ job, a web worker) has none of its parent's threads: a new pool.
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forgotten_in_child)


def _threads() -> ThreadPoolExecutor:
    """One pool per process, kept: an S3 client is made per thread (django-storages keeps it
    thread-local) and making one costs far more CPU than a request, so threads must outlive a batch."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=UPLOAD_THREADS, thread_name_prefix="blobs")
        return _pool


def storage():
    """The configured object store, or None when bytes stay in the database."""
    from django.conf import settings
    from django.core.files.storage import storages

    if STORAGE_ALIAS not in settings.STORAGES:
        return None
    return storages[STORAGE_ALIAS]


def _s3(store):
    """The store when it is django-storages' S3 backend, else None."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # django-storages is only needed for S3
        return None
    return store if isinstance(store, S3Storage) else None


# On S3 one request per object through the storage's own client and bucket: its file API goes
# through a transfer manager with threads of its own and costs about three times the CPU of the
# request itself (bench/blobs.py). The key is made the way the storage makes it (its prefix).

def _put(store, name: str, data: bytes) -> str:
    s3 = _s3(store)
    if s3 is None:
        return store.save(name, ContentFile(data))
    from storages.utils import clean_name

    s3.connection.meta.client.put_object(Bucket=s3.bucket_name, Key=s3._normalize_name(clean_name(name)), Body=data,
                                         **s3.get_object_parameters(name))
    return name


def read(key: str) -> bytes:
    store = storage()
    s3 = _s3(store)
    if s3 is None:
        with store.open(key, "rb") as f:
            return f.read()
    from storages.utils import clean_name

    return s3.connection.meta.client.get_object(Bucket=s3.bucket_name, Key=s3._normalize_name(clean_name(key)))["Body"].read()


class _BlobAttribute(DeferredAttribute):
    """The column's bytes; when they are empty and a key is set, the object's (read once per instance).

    A data descriptor (it has __set__), so it is asked on every read even though the column's
    value sits in the instance's __dict__ (which shadows a plain DeferredAttribute).
    """

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if value is not None and len(value):
            return value
        key = getattr(instance, self.field.key_field) if self.field.key_field else None
        if not key:
            return value
        # Kept beside the column's value, not in it: a later save() of the row must not write the
        # object's bytes back into the column.
        cached = instance.__dict__.get(self.field.cache_name)
        if cached is None or cached[0] != key:
            cached = instance.__dict__[self.field.cache_name] = (key, read(key))
        return cached[1]


class BlobField(models.BinaryField):
    """A BinaryField whose bytes may live in the object store under the key in `key_field`."""

    descriptor_class = _BlobAttribute

    def __init__(self, *args, key_field: str = "", **kwargs):
        self.key_field = key_field
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        # What the column holds, never the object's bytes read through the attribute.
        return model_instance.__dict__.get(self.attname)

    @property
    def cache_name(self) -> str:
        return f"_{self.attname}_object"

    def deconstruct(self):
        # To migrations it is the BinaryField it stores: the same column, so no table is rebuilt.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BinaryField", args, kwargs


def _blob_fields(model) -> list[BlobField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlobField)]


def new_key(prefix: str) -> str:
    name = uuid.uuid4().hex
    return f"{prefix}/{name[:2]}/{name[2:]}"


def offload(objs: list, *, prefix: str) -> list:
    """Before an INSERT: put each object's bytes in the store and keep only the key in the row.

    Nothing happens without a store. Keys are random (`prefix/<2 hex>/<30 hex>`: 256 folders, so
    no folder holds millions and a listing goes folder by folder), two writers never overwrite
    each other and a key says nothing about the buyer. Returns `objs` for chaining.
    """
    store = storage()
    if store is None or not objs:
        return objs
    jobs = []
    for obj in objs:
        for field in _blob_fields(type(obj)):
            data = obj.__dict__.get(field.attname)
            if data is not None and len(data) and not getattr(obj, field.key_field):
                jobs.append((obj, field, bytes(data)))
    if not jobs:
        return objs

    keys = list(_threads().map(lambda job: _put(store, new_key(prefix), job[2]), jobs))
    for (obj, field, data), key in zip(jobs, keys):
        setattr(obj, field.key_field, key)
        obj.__dict__[field.attname] = b""
        obj.__dict__[field.cache_name] = (key, data)
    # A rolled-back insert leaves objects no row names: `sellerdesk blobs orphans` finds them.
    return objs


def prefetch(objs: list) -> list:
    """Read the objects of these rows at once, in parallel (the network waits, not the CPU), so a
    loop over the rows does not wait for each object in turn. Returns `objs`."""
    store = storage()
    if store is None:
        return objs
    wanted = []
    for obj in objs:
        for field in _blob_fields(type(obj)):
            value = obj.__dict__.get(field.attname)
            key = obj.__dict__.get(field.key_field)
            if key and (value is None or not len(value)) and field.cache_name not in obj.__dict__:
                wanted.append((obj, field, key))
    if wanted:
        for (obj, field, key), data in zip(wanted, _threads().map(lambda w: read(w[2]), wanted)):
            obj.__dict__[field.cache_name] = (key, data)
    return objs


def delete(keys) -> int:
    """Delete these objects now (missing ones are not an error); how many keys were given."""
    keys = [k for k in keys if k]
    store = storage()
    if store is None or not keys:
        return 0
    for key in keys:
        store.delete(key)
    return len(keys)


def delete_after_commit(keys) -> None:
    """Delete the objects once the transaction that dropped their rows (or keys) has committed:
    a rollback keeps the rows, so it must keep their bytes too."""
    keys = [k for k in keys if k]
    if keys:
        transaction.on_commit(lambda: delete(keys))


def check() -> dict:
    """For /readyz: a small object written, read back and deleted in the store the bytes go to."""
    store = storage()
    if store is None:
        return {"ok": True, "backend": "database"}
    backend = type(store).__name__
    try:
        key = _put(store, f"readyz/{uuid.uuid4().hex}", b"ready")
        try:
            if read(key) != b"ready":
                return {"ok": False, "backend": backend, "error": "the probe object read back differently"}
        finally:
            store.delete(key)
        return {"ok": True, "backend": backend}
    except Exception as exc:
        return {"ok": False, "backend": backend, "error": str(exc)}
