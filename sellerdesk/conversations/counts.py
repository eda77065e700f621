"""Conversations per status, kept as counters (ConversationCount) by database triggers.

A COUNT over a million conversations takes a second; the inbox shows counts on every page. The
triggers add and subtract in the transaction of the change itself, whoever makes it (the intake's
bulk writes, actions, merges, erasure, `QuerySet.update`), so the counters equal a fresh COUNT
after every commit. Decrements are UPDATEs only: a row that is not there (a flush emptied the
counters first) is left alone instead of going negative. On PostgreSQL the triggers run once per
statement over its transition tables and apply the statement's net change per key, locking the
counter rows in key order (see POSTGRES_FUNCTION); SQLite has only row triggers, which fire only
when a key column changes.
"""

from __future__ import annotations

from django.db import connection as default_connection


TABLE = "conversations_conversationcount"
KEY = "status, channel, tier, language, assignee"
ROW_KEY = "status, channel, tier, language, COALESCE(assignee_id, 0)"

SQLITE_TRIGGERS = {
    "conversation_count_insert": f"""
        CREATE TRIGGER conversation_count_insert AFTER INSERT ON conversations_conversation BEGIN
          INSERT INTO {TABLE} ({KEY}, n)
          VALUES (NEW.status, NEW.channel, NEW.tier, NEW.language, COALESCE(NEW.assignee_id, 0), 1)
          ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1;
        END""",
    "conversation_count_update": f"""
        CREATE TRIGGER conversation_count_update AFTER UPDATE OF status, channel, tier, language, assignee_id
        ON conversations_conversation
        WHEN OLD.status IS NOT NEW.status OR OLD.channel IS NOT NEW.channel OR OLD.tier IS NOT NEW.tier
          OR OLD.language IS NOT NEW.language OR OLD.assignee_id IS NOT NEW.assignee_id
        BEGIN
          UPDATE {TABLE} SET n = n - 1
          WHERE status = OLD.status AND channel = OLD.channel AND tier = OLD.tier AND language = OLD.language
            AND assignee = COALESCE(OLD.assignee_id, 0);
          INSERT INTO {TABLE} ({KEY}, n)
          VALUES (NEW.status, NEW.channel, NEW.tier, NEW.language, COALESCE(NEW.assignee_id, 0), 1)
          ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1;
        END""",
    "conversation_count_delete": f"""
        CREATE TRIGGER conversation_count_delete AFTER DELETE ON conversations_conversation BEGIN
          UPDATE {TABLE} SET n = n - 1
          WHERE status = OLD.status AND channel = OLD.channel AND tier = OLD.tier AND language = OLD.language
            AND assignee = COALESCE(OLD.assignee_id, 0);
        END""",
}

# One function for the three statement triggers; each names only the transition tables it has.
# The statement's net change per key: an UPDATE that leaves every key as it was (a new message's
# time, a read mark) changes and locks no counter row, so writers of different conversations never
# queue on a shared counter for it. The counter rows that change are locked in key order in one
# statement, so two writers changing the same keys wait for each other in the same order instead
# of deadlocking crosswise. Decrements only update rows that exist (never a negative new row).
_GROUPED = "SELECT status, channel, tier, language, COALESCE(assignee_id, 0) AS assignee, {sign}count(*) AS n FROM {rows} GROUP BY 1, 2, 3, 4, 5"
_DELTA = {
    "INSERT": _GROUPED.format(sign="", rows="new_rows"),
    "DELETE": _GROUPED.format(sign="-", rows="old_rows"),
    "UPDATE": (
        "SELECT status, channel, tier, language, assignee, sum(d) AS n FROM ("
        "SELECT status, channel, tier, language, COALESCE(assignee_id, 0) AS assignee, -1 AS d FROM old_rows UNION ALL "
        "SELECT status, channel, tier, language, COALESCE(assignee_id, 0), 1 FROM new_rows"
        ") AS moves GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0"
    ),
}
_SAME_KEY = "(c.status, c.channel, c.tier, c.language, c.assignee) = (d.status, d.channel, d.tier, d.language, d.assignee)"


def _apply(delta: str) -> str:
    """Lock the counter rows that change, in key order; add to them; insert the new keys."""
    return f"""
    PERFORM 1 FROM {TABLE} AS c JOIN ({delta}) AS d ON {_SAME_KEY}
      ORDER BY c.status, c.channel, c.tier, c.language, c.assignee FOR UPDATE OF c;
    WITH d AS ({delta}),
    updated AS (
      UPDATE {TABLE} AS c SET n = c.n + d.n FROM d WHERE {_SAME_KEY}
      RETURNING c.status, c.channel, c.tier, c.language, c.assignee
    )
    INSERT INTO {TABLE} ({KEY}, n)
      SELECT d.status, d.channel, d.tier, d.language, d.assignee, d.n FROM d
      WHERE d.n > 0 AND NOT EXISTS (
        SELECT 1 FROM updated AS c WHERE {_SAME_KEY})
      ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n;"""


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION conversation_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN{_apply(_DELTA["INSERT"])}
  ELSIF TG_OP = 'DELETE' THEN{_apply(_DELTA["DELETE"])}
  ELSE{_apply(_DELTA["UPDATE"])}
  END IF;
  RETURN NULL;
END $$"""
POSTGRES_TRIGGERS = {
    "conversation_count_insert": "AFTER INSERT ON conversations_conversation REFERENCING NEW TABLE AS new_rows",
    "conversation_count_update": (
        "AFTER UPDATE ON conversations_conversation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    ),
    "conversation_count_delete": "AFTER DELETE ON conversations_conversation REFERENCING OLD TABLE AS old_rows",
}


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent) and count the conversations there are now."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(POSTGRES_FUNCTION)
            for name, when in POSTGRES_TRIGGERS.items():
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON conversations_conversation")
                cur.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_change()")
        else:
            for name, sql in SQLITE_TRIGGERS.items():
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
                cur.execute(sql)
    recount(connection)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cur:
        for name in SQLITE_TRIGGERS:
            if connection.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON conversations_conversation")
            else:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cur.execute("DROP FUNCTION IF EXISTS conversation_count_change()")


def recount(connection=default_connection) -> None:
    """The counters rebuilt from the conversations (after a bulk load with the triggers off).

    Run it inside a transaction: on PostgreSQL the lock taken first keeps writers out between
    the DELETE and the INSERT so no change is counted twice or lost."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("LOCK TABLE conversations_conversation IN SHARE MODE")
        cur.execute(f"DELETE FROM {TABLE}")
        cur.execute(
            f"INSERT INTO {TABLE} ({KEY}, n) SELECT {ROW_KEY}, count(*) FROM conversations_conversation "
            f"GROUP BY status, channel, tier, language, COALESCE(assignee_id, 0)"
        )


def by_status(*, channel: str = "", assignee: int | None = None, tier: int | None = None, language: str = "") -> dict[str, int]:
    """Conversations per status among those matching the filters, from the counters (one query).

    `assignee`: None any, 0 unassigned, else the user id. Plain SQL over the table the triggers keep:
    the ORM's compiling of this GROUP BY cost more than running it, on every inbox page."""
    where, params = [], []
    for column, value in (("channel", channel or None), ("assignee", assignee), ("tier", tier or None), ("language", language or None)):
        if value is not None:
            where.append(f"{column} = %s")
            params.append(value)
    sql = f"SELECT status, SUM(n) FROM {TABLE}" + (f" WHERE {' AND '.join(where)}" if where else "") + " GROUP BY status"
    with default_connection.cursor() as cur:
        cur.execute(sql, params)
        return {status: int(n) for status, n in cur.fetchall()}
