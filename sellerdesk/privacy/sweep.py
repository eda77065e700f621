"""The last pass of an erasure: every column of every table and every file of the data folder.

The targeted erasure (erase.py) clears what is known to hold a buyer's data; this pass finds the
copies nobody listed — a buyer's email quoted in another thread, an order number in a task's
arguments, a demo outbox file — and replaces each identifying string with "[erased]". The audit
log is left out: it holds no buyer data by construction and can never be changed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q

log = logging.getLogger(__name__)

ERASED = "[erased]"
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField)
SKIP_MODELS = {("audit", "auditentry"), ("contenttypes", "contenttype"), ("auth", "permission")}
TERMS_PER_QUERY = 40
DB_FILE_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal")


def _pattern(terms) -> re.Pattern:
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def scrub_text(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(ERASED, text)


def scrub_json(value, pattern: re.Pattern):
    if isinstance(value, str):
        return scrub_text(value, pattern)
    if isinstance(value, list):
        return [scrub_json(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: scrub_json(v, pattern) for k, v in value.items()}
    return value


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.managed and not meta.proxy and (meta.app_label, meta.model_name) not in SKIP_MODELS:
            yield model


def binary_matches(model, column: str, needles: list[bytes]) -> list[int]:
    """Primary keys of rows whose binary `column` contains one of `needles` (searched in the database)."""
    table = connection.ops.quote_name(model._meta.db_table)
    col = connection.ops.quote_name(model._meta.get_field(column).column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    test = "instr({col}, %s) > 0" if connection.vendor == "sqlite" else "position(%s::bytea in {col}) > 0"
    found: set[int] = set()
    for i in range(0, len(needles), TERMS_PER_QUERY):
        chunk = needles[i:i + TERMS_PER_QUERY]
        where = " OR ".join(test.format(col=col) for _ in chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk} FROM {table} WHERE {where}", chunk)
            found.update(row[0] for row in cursor.fetchall())
    return sorted(found)


def _update(model, pk, field: str, value) -> None:
    try:
        with transaction.atomic():
            model._base_manager.filter(pk=pk).update(**{field: value})
    except IntegrityError:
        # A unique column: "[erased]" would collide with another erased row; keep them apart.
        tag = hashlib.sha256(f"{model._meta.label}:{pk}".encode()).hexdigest()[:12]
        model._base_manager.filter(pk=pk).update(**{field: f"{ERASED}{tag}" if isinstance(value, str) else value})


def sweep_database(terms: list[str]) -> dict[str, int]:
    """Replace the terms in every text and JSON column; blank binary values that contain them."""
    from sellerdesk.privacy.footprint import term_forms

    forms = sorted({f for t in terms for f in term_forms(t)})
    if not forms:
        return {}
    pattern = _pattern(forms)
    needles = sorted({f.encode() for f in forms})
    changed: dict[str, int] = {}
    for model in _models():
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            if field.primary_key or field.is_relation:
                continue
            if isinstance(field, models.BinaryField):
                for pk in binary_matches(model, field.name, needles):
                    manager.filter(pk=pk).update(**{field.name: b""})
                    changed[model._meta.label] = changed.get(model._meta.label, 0) + 1
                continue
            if not isinstance(field, (*TEXT_FIELDS, models.JSONField)):
                continue
            for i in range(0, len(forms), TERMS_PER_QUERY):
                query = Q()
                for form in forms[i:i + TERMS_PER_QUERY]:
                    query |= Q(**{f"{field.name}__icontains": form})
                for pk, value in manager.filter(query).values_list("pk", field.name):
                    new = scrub_json(value, pattern) if isinstance(field, models.JSONField) else scrub_text(value, pattern)
                    if isinstance(new, str) and field.max_length:
                        new = new[: field.max_length]
                    if new != value:
                        _update(model, pk, field.name, new)
                        changed[model._meta.label] = changed.get(model._meta.label, 0) + 1
    return changed


def sweep_files(terms: list[str], root: Path | None = None) -> dict[str, int]:
    """Files of the data folder that name the buyer: mails deleted, JSON lines dropped, text scrubbed."""
    root = Path(root or settings.DATA_DIR)
    needles = sorted({t.lower().encode() for t in terms if t})
    pattern = _pattern(terms)
    counts = {"deleted": 0, "scrubbed": 0, "left": 0}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            if name.endswith(DB_FILE_SUFFIXES) or not path.is_file():
                continue
            data = path.read_bytes()
            lowered = data.lower()
            if not any(n in lowered for n in needles) and not _mail_mentions(path, data, pattern):
                continue
            if path.suffix == ".eml" or path.parent.name == "outbox":
                path.unlink()
                counts["deleted"] += 1
                continue
            try:
                text = data.decode()
            except UnicodeDecodeError:
                log.warning("privacy: %s names an erased buyer but is not text; remove it by hand", path)
                counts["left"] += 1
                continue
            if path.suffix == ".jsonl":
                text = "".join(line for line in text.splitlines(keepends=True) if not pattern.search(line))
            else:
                text = scrub_text(text, pattern)
            path.write_text(text)
            counts["scrubbed"] += 1
    return counts


def _mail_mentions(path: Path, data: bytes, pattern: re.Pattern) -> bool:
    """A mail names the buyer in encoded headers or a base64 / quoted-printable body too."""
    if path.suffix != ".eml":
        return False
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    texts = [str(v) for v in message.values()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                texts.append(part.get_content())
            except (LookupError, ValueError):
                continue
    return any(pattern.search(t) for t in texts)


def compact_sqlite() -> None:
    """SQLite keeps old page images in its write-ahead log and free pages: after an erasure the
    log is folded into the database and truncated (secure_delete has zeroed what was freed)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:  # inside a caller's transaction: theirs to finish
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def secure_delete_on() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete=ON")
