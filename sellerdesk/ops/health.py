"""What /readyz checks: each part the desk needs to do its work, answered by name.

Every check returns a dict with `ok` and, when it fails, `error` (the exception's own words);
none raises, so a load balancer always gets an answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from sellerdesk.lib import blobs

# Once this process's migrations are all applied they stay applied (a rollback needs a restart
# of the old code anyway): the migration graph is loaded once, not on every probe.
_migrations_seen_applied = False


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)}


def unapplied_migrations() -> list[str]:
    """`app.migration` names this code has and the database has not recorded."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def check_migrations() -> dict:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return {"ok": True}
    try:
        missing = unapplied_migrations()
    except Exception as exc:
        return {"ok": False, "error": str(exc)}
    if missing:
        return {"ok": False, "error": f"{len(missing)} migration(s) not applied: {', '.join(missing[:5])}",
                "unapplied": len(missing)}
    _migrations_seen_applied = True
    return {"ok": True}


def check_queue() -> dict:
    """The task queue workers read: the database queue's table, or Redis for RQ."""
    backend = settings.TASK_BACKEND
    try:
        if backend == "db":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(status="READY").exists()
        elif backend == "rq":
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            try:
                client.ping()
            finally:
                client.close()
        return {"ok": True, "backend": backend}
    except Exception as exc:
        return {"ok": False, "backend": backend, "error": str(exc)}


def check_storage() -> dict:
    """Where raw deliveries and attachments go can be written and read: in the object store a
    small object saved, read back and deleted (lib/blobs.py); the database's columns are checked
    with the database."""
    return blobs.check()


def readiness() -> dict:
    """Every check by name; `failing` lists the names that failed (empty: ready).

    Migrations are not asked about while the database cannot be reached: that failure is the
    database's, and naming it once is clearer.
    """
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"]["ok"] else {"ok": False, "error": "database unreachable"}
    checks["queue"] = check_queue()
    checks["storage"] = check_storage()
    failing = [name for name, result in checks.items() if not result["ok"]]
    return {"status": "error" if failing else "ok", "failing": failing, "checks": checks}
