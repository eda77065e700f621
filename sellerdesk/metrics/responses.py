"""Buyer messages' first responses and their hourly rollups, kept by database triggers.

Two facts, kept in the transaction of every change to a message, whoever makes it (the intake's
bulk writes, replies, failed sends, "no response needed", merges, erasure, `QuerySet.update`):

* `Message.answered_at` of a buyer message: when the first reply in its conversation written at
  or after the buyer's `sent_at` was created, not counting failed sends (Amazon: nor automated
  replies). A reply recomputes the buyer messages of its conversation; a new buyer message looks
  for a reply already there (mail delivered late).
* `ResponseHour`: per platform channel, reply window and hour of `sent_at`, the counted buyer
  messages (inbound, not automated, not "no response needed"), how many were answered, how many
  within the window, and the summed response time. Each change adds the new row's share and
  takes away the old one's.

SQLite has row triggers; PostgreSQL runs one trigger per statement over its transition tables.
`backfill()` computes both for the messages there already (batched, no long lock).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection as default_connection
from django.db import transaction

from sellerdesk.metrics.windows import NO_RESPONSE_NEEDED, PLATFORMS, SEA, WINDOW_HOURS

MESSAGES = "conversations_message"
CONVERSATIONS = "conversations_conversation"
ROLLUP = "metrics_responsehour"
STATE_NAME = "responses"
TRIGGERS = ["response_answer_insert", "response_answer_update", "response_answer_delete",
            "response_rollup_insert", "response_rollup_update", "response_rollup_delete"]


def _epoch_us(col: str, pg: bool) -> str:
    """Microseconds since 1970 of a datetime column (SQLite stores UTC text, microseconds optional)."""
    if pg:
        return f"(extract(epoch from {col}) * 1000000)::bigint"
    return f"(CAST(strftime('%s', {col}) AS INTEGER) * 1000000 + CAST(substr({col} || '.000000', 21, 6) AS INTEGER))"


def _window(conv: str) -> str:
    """The reply window in hours, from the conversation's channel and marketplace (= platform.window_hours)."""
    sea = ", ".join(f"'{m}'" for m in sorted(SEA))
    cases = " ".join(f"WHEN '{ch}' THEN {h}" for ch, h in WINDOW_HOURS.items())
    return (f"(CASE WHEN {conv}.channel = 'tiktok' AND upper({conv}.marketplace) IN ({sea}) THEN 12 "
            f"ELSE (CASE {conv}.channel {cases} ELSE 24 END) END)")


def _first_reply(msg: str, pg: bool) -> str:
    """When the first reply counting as the response to buyer message `msg` was written, or NULL."""
    automated_ok = "NOT r.is_automated" if pg else "r.is_automated = 0"
    return (f"(SELECT min(r.created_at) FROM {MESSAGES} r WHERE r.conversation_id = {msg}.conversation_id "
            f"AND r.direction = 'out' AND r.delivery_status <> 'failed' AND r.created_at >= {msg}.sent_at "
            f"AND ({automated_ok} OR (SELECT c.channel FROM {CONVERSATIONS} c WHERE c.id = {msg}.conversation_id) <> 'amazon'))")


def _counted(row: str, pg: bool) -> str:
    """The buyer messages the metrics count (`row` joined to its conversation `c`): inbound on a
    platform channel, not automated, not marked "no response needed"."""
    if pg:
        automated, flagged = f"{row}.is_automated", f"{row}.flags @> '[\"{NO_RESPONSE_NEEDED}\"]'::jsonb"
    else:
        automated, flagged = f"{row}.is_automated = 1", f"{row}.flags LIKE '%\"{NO_RESPONSE_NEEDED}\"%'"
    platforms = ", ".join(f"'{p}'" for p in PLATFORMS)
    return (f"c.id = {row}.conversation_id AND c.channel IN ({platforms}) "
            f"AND {row}.direction = 'in' AND NOT ({automated}) AND NOT ({flagged})")


def _share(row: str, pg: bool, sign: int, rows_from: str = "") -> str:
    """SELECT of one message row's share of the rollup (key columns, then the sums), joined to its
    conversation. `rows_from`: the table the rows come from, as "table alias" (none in a row trigger,
    where `row` is NEW or OLD)."""
    s = f"{sign} * "
    answered = f"({row}.answered_at IS NOT NULL)"
    took = f"({_epoch_us(row + '.answered_at', pg)} - {_epoch_us(row + '.sent_at', pg)})"
    window = _window("c")
    if pg:
        answered_n = f"CASE WHEN {answered} THEN 1 ELSE 0 END"
        hour = f"floor(extract(epoch from {row}.sent_at) / 3600)::bigint"
    else:
        answered_n = answered
        hour = f"({_epoch_us(row + '.sent_at', pg)} / 3600000000)"
    source = f"{rows_from}, {CONVERSATIONS} c" if rows_from else f"{CONVERSATIONS} c"
    return (f"SELECT c.channel AS channel, {window} AS window_hours, {hour} AS hour, {sign} AS messages, "
            f"{s}({answered_n}) AS answered, "
            f"{s}(CASE WHEN {answered} AND {took} <= {window} * 3600000000 THEN 1 ELSE 0 END) AS in_time, "
            f"{s}(CASE WHEN {answered} THEN {took} ELSE 0 END) AS response_us "
            f"FROM {source} WHERE {_counted(row, pg)}")


KEY = "channel, window_hours, hour"
SUMS = ("messages", "answered", "in_time", "response_us")
UPSERT = (f"INSERT INTO {ROLLUP} ({KEY}, {', '.join(SUMS)}) {{select}} "
          f"ON CONFLICT ({KEY}) DO UPDATE SET " + ", ".join(f"{s} = {ROLLUP}.{s} + excluded.{s}" for s in SUMS))


# --- SQLite: row triggers ------------------------------------------------------------------------

def _sqlite_triggers() -> dict[str, str]:
    reply_counts = ("NEW.direction = 'out' AND NEW.delivery_status <> 'failed' AND (NEW.is_automated = 0 OR "
                    f"(SELECT channel FROM {CONVERSATIONS} WHERE id = NEW.conversation_id) <> 'amazon')")
    recompute = (f"UPDATE {MESSAGES} SET answered_at = {_first_reply(MESSAGES, False)} "
                 f"WHERE conversation_id IN ({{convs}}) AND direction = 'in' "
                 f"AND answered_at IS NOT {_first_reply(MESSAGES, False)};")
    moved = ("OLD.direction IS NOT NEW.direction OR OLD.conversation_id IS NOT NEW.conversation_id "
             "OR OLD.created_at IS NOT NEW.created_at OR OLD.sent_at IS NOT NEW.sent_at OR OLD.is_automated IS NOT NEW.is_automated "
             "OR (OLD.delivery_status = 'failed') IS NOT (NEW.delivery_status = 'failed')")
    share_changed = ("OLD.direction IS NOT NEW.direction OR OLD.conversation_id IS NOT NEW.conversation_id "
                     "OR OLD.sent_at IS NOT NEW.sent_at OR OLD.is_automated IS NOT NEW.is_automated "
                     "OR OLD.answered_at IS NOT NEW.answered_at OR OLD.flags IS NOT NEW.flags")
    return {
        # A reply answers the buyer messages written before it that had no earlier answer; a buyer
        # message may find its reply already stored.
        "response_answer_insert": f"""
            CREATE TRIGGER response_answer_insert AFTER INSERT ON {MESSAGES} BEGIN
              UPDATE {MESSAGES} SET answered_at = NEW.created_at
              WHERE {reply_counts} AND conversation_id = NEW.conversation_id AND direction = 'in'
                AND sent_at <= NEW.created_at AND (answered_at IS NULL OR answered_at > NEW.created_at);
              UPDATE {MESSAGES} SET answered_at = {_first_reply(MESSAGES, False)}
              WHERE NEW.direction = 'in' AND id = NEW.id AND {_first_reply(MESSAGES, False)} IS NOT NULL;
            END""",
        # A send failed, a message moved to another conversation, ...: its conversations recomputed.
        "response_answer_update": f"""
            CREATE TRIGGER response_answer_update
            AFTER UPDATE OF direction, conversation_id, created_at, sent_at, is_automated, delivery_status ON {MESSAGES}
            WHEN {moved} BEGIN
              {recompute.format(convs="OLD.conversation_id, NEW.conversation_id")}
            END""",
        "response_answer_delete": f"""
            CREATE TRIGGER response_answer_delete AFTER DELETE ON {MESSAGES} WHEN OLD.direction = 'out' BEGIN
              {recompute.format(convs="OLD.conversation_id")}
            END""",
        "response_rollup_insert": f"""
            CREATE TRIGGER response_rollup_insert AFTER INSERT ON {MESSAGES} WHEN NEW.direction = 'in' BEGIN
              {UPSERT.format(select=_share("NEW", False, 1))};
            END""",
        "response_rollup_update": f"""
            CREATE TRIGGER response_rollup_update
            AFTER UPDATE OF direction, conversation_id, sent_at, is_automated, answered_at, flags ON {MESSAGES}
            WHEN (OLD.direction = 'in' OR NEW.direction = 'in') AND ({share_changed}) BEGIN
              {UPSERT.format(select=_share("OLD", False, -1))};
              {UPSERT.format(select=_share("NEW", False, 1))};
            END""",
        "response_rollup_delete": f"""
            CREATE TRIGGER response_rollup_delete AFTER DELETE ON {MESSAGES} WHEN OLD.direction = 'in' BEGIN
              {UPSERT.format(select=_share("OLD", False, -1))};
            END""",
    }


# --- PostgreSQL: statement triggers over transition tables ---------------------------------------

def _pg_functions() -> dict[str, str]:
    first = _first_reply("m", True)
    recompute = (f"UPDATE {MESSAGES} m SET answered_at = {first} WHERE m.conversation_id IN ({{convs}}) "
                 f"AND m.direction = 'in' AND m.answered_at IS DISTINCT FROM {first};")
    # The rows whose reply-relevant columns changed, old and new versions: EXCEPT hashes, where a
    # join of the two transition tables (no statistics, no index) would compare every pair.
    cols = "id, direction, conversation_id, created_at, sent_at, is_automated, delivery_status = 'failed'"
    changed = (f"(SELECT conversation_id FROM (SELECT {cols} FROM old_rows EXCEPT SELECT {cols} FROM new_rows) AS o "
               f"UNION SELECT conversation_id FROM (SELECT {cols} FROM new_rows EXCEPT SELECT {cols} FROM old_rows) AS n)")

    def rollup(parts: list[str]) -> str:
        union = " UNION ALL ".join(parts)
        sums = ", ".join(f"sum({s})" for s in SUMS)
        return (UPSERT.format(select=f"SELECT {KEY}, {sums} FROM ({union}) AS d GROUP BY {KEY} "
                              f"HAVING " + " OR ".join(f"sum({s}) <> 0" for s in SUMS) + f" ORDER BY {KEY}") + ";")

    old_share = _share("o", True, -1, rows_from="old_rows o")
    new_share = _share("n", True, 1, rows_from="new_rows n")
    bodies = {
        "response_answer_insert": f"""
            UPDATE {MESSAGES} m SET answered_at = x.first FROM (
              SELECT b.id, min(n.created_at) AS first FROM new_rows n
              JOIN {CONVERSATIONS} c ON c.id = n.conversation_id
              JOIN {MESSAGES} b ON b.conversation_id = n.conversation_id AND b.direction = 'in' AND b.sent_at <= n.created_at
              WHERE n.direction = 'out' AND n.delivery_status <> 'failed' AND (NOT n.is_automated OR c.channel <> 'amazon')
              GROUP BY b.id
            ) AS x WHERE m.id = x.id AND (m.answered_at IS NULL OR m.answered_at > x.first);
            UPDATE {MESSAGES} m SET answered_at = {first} FROM new_rows n
            WHERE m.id = n.id AND n.direction = 'in' AND {first} IS NOT NULL AND m.answered_at IS DISTINCT FROM {first};""",
        # Statement triggers fire for no rows too: the guard ends the recursion of the UPDATE below.
        "response_answer_update": (
            f"IF EXISTS {changed} THEN\n" + recompute.format(convs=f"SELECT * FROM {changed} AS changed") + "\nEND IF;"),
        "response_answer_delete": (
            "IF EXISTS (SELECT 1 FROM old_rows WHERE direction = 'out') THEN\n"
            + recompute.format(convs="SELECT conversation_id FROM old_rows WHERE direction = 'out'") + "\nEND IF;"),
        "response_rollup_insert": rollup([new_share]),
        "response_rollup_update": rollup([old_share, new_share]),
        "response_rollup_delete": rollup([old_share]),
    }
    # Sequential scans off inside these functions: every statement reaches conversations and
    # messages by key from a handful of changed rows, and PL/pgSQL keeps a statement's plan for
    # the connection's life — made while the desk was small (or its statistics behind: a bulk
    # import, autovacuum off), a scan of the whole conversations table stayed the plan as it
    # grew (tests/backends/test_response_trigger_plans.py).
    return {name: f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$\n"
                  f"BEGIN\n{body}\nRETURN NULL;\nEND $$" for name, body in bodies.items()}


PG_WHEN = {
    "insert": f"AFTER INSERT ON {MESSAGES} REFERENCING NEW TABLE AS new_rows",
    "update": f"AFTER UPDATE ON {MESSAGES} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": f"AFTER DELETE ON {MESSAGES} REFERENCING OLD TABLE AS old_rows",
}


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent). The rollups of messages stored before are `backfill()`'s job."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            replace_functions(connection)
            for name in TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {MESSAGES}")
                cur.execute(f"CREATE TRIGGER {name} {PG_WHEN[name.rsplit('_', 1)[1]]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
        else:
            for name, sql in _sqlite_triggers().items():
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
                cur.execute(sql)


def replace_functions(connection=default_connection) -> None:
    """The PostgreSQL trigger functions as this version writes them (the triggers stay: no lock
    on the messages table)."""
    with connection.cursor() as cur:
        for sql in _pg_functions().values():
            cur.execute(sql)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cur:
        for name in TRIGGERS:
            if connection.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {MESSAGES}")
                cur.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")


def _literal(moment: dt.datetime, pg: bool) -> str:
    """A datetime as the SQL literal each database compares its column with (SQLite: Django's naive UTC text)."""
    utc = moment.astimezone(dt.timezone.utc)
    return f"'{utc.isoformat()}'::timestamptz" if pg else f"'{utc.replace(tzinfo=None).isoformat(' ')}'"


def live(ranges: list[tuple[int, dt.datetime, dt.datetime | None]], now: dt.datetime, connection=default_connection) -> dict:
    """Buyer messages counted from the messages themselves, for `ranges` of `sent_at` [since, until)
    (until None: open): {(range key, channel, window hours): {"answered", "pending", "unanswered",
    "in_time", "response_us"}}. Pending = unanswered and still inside its window at `now`. One
    query, each range read along the buyer messages' sent_at index."""
    pg = connection.vendor == "postgresql"
    now_us = (now - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)) // dt.timedelta(microseconds=1)
    parts = []
    for key, since, until in ranges:
        upper = f" AND m.sent_at < {_literal(until, pg)}" if until is not None else ""
        # CROSS JOIN: SQLite keeps this order (the sent_at range first, then each conversation by id).
        parts.append(
            f"SELECT {int(key)} AS part, c.channel AS channel, {_window('c')} * 3600000000 AS w, {_epoch_us('m.sent_at', pg)} AS s, "
            f"CASE WHEN m.answered_at IS NULL THEN NULL ELSE {_epoch_us('m.answered_at', pg)} END AS a "
            f"FROM {MESSAGES} m CROSS JOIN {CONVERSATIONS} c WHERE {_counted('m', pg)} AND m.sent_at >= {_literal(since, pg)}{upper}")
    sums = {
        "answered": "a IS NOT NULL",
        "pending": f"a IS NULL AND {now_us} - s <= w",
        "unanswered": f"a IS NULL AND {now_us} - s > w",
        "in_time": "a IS NOT NULL AND a - s <= w",
    }
    columns = ", ".join(f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END)" for cond in sums.values())
    sql = (f"SELECT part, channel, w, {columns}, sum(CASE WHEN a IS NOT NULL THEN a - s ELSE 0 END) "
           f"FROM ({' UNION ALL '.join(parts)}) AS d GROUP BY part, channel, w")
    with connection.cursor() as cur:
        cur.execute(sql)
        return {(part, channel, int(w) // 3_600_000_000): dict(zip([*sums, "response_us"], (int(v or 0) for v in values)))
                for part, channel, w, *values in cur.fetchall()}


def is_built(connection=default_connection) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM metrics_rollupstate WHERE name = %s", [STATE_NAME])
        return cur.fetchone() is not None


def backfill(connection=default_connection, *, batch: int = 20_000, log=lambda line: None) -> dict:
    """First responses of every stored buyer message, then the rollups recounted; batched so that
    no transaction holds a lock for long. Idempotent: run it again to repair."""
    from sellerdesk.lib import clock

    pg = connection.vendor == "postgresql"
    first = _first_reply(MESSAGES if not pg else "m", pg)
    target = MESSAGES if not pg else f"{MESSAGES} m"
    col = (lambda c: c) if not pg else (lambda c: f"m.{c}")
    distinct = "IS NOT" if not pg else "IS DISTINCT FROM"
    with connection.cursor() as cur:
        cur.execute(f"SELECT min(id), max(id) FROM {CONVERSATIONS}")
        lo, hi = cur.fetchone()
    answered = 0
    for start in range(lo or 0, (hi or -1) + 1, batch):  # conversation ids: one thread's messages in one step
        with transaction.atomic(using=connection.alias), connection.cursor() as cur:
            cur.execute(f"UPDATE {target} SET answered_at = {first} WHERE {col('conversation_id')} >= %s "
                        f"AND {col('conversation_id')} < %s AND {col('direction')} = 'in' AND {col('answered_at')} {distinct} {first}",
                        [start, start + batch])
            answered += cur.rowcount
        log(f"first responses: conversations up to {start + batch}")
    with connection.cursor() as cur:
        cur.execute(f"SELECT min(sent_at), max(sent_at) FROM {MESSAGES} WHERE direction = 'in'")
        oldest, newest = cur.fetchone()
    if oldest is not None and not pg:
        oldest, newest = (dt.datetime.fromisoformat(str(v)).replace(tzinfo=dt.timezone.utc) for v in (oldest, newest))
    hours = 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:  # rows of hours without messages
        if oldest is None:
            cur.execute(f"DELETE FROM {ROLLUP}")
        else:
            cur.execute(f"DELETE FROM {ROLLUP} WHERE hour < %s OR hour > %s",
                        [int(oldest.timestamp()) // 3600, int(newest.timestamp()) // 3600])
    if oldest is not None:
        step = 24 * 30  # a month of hours per transaction
        first_hour, last_hour = int(oldest.timestamp()) // 3600, int(newest.timestamp()) // 3600
        for h in range(first_hour, last_hour + 1, step):
            hours += recount(h, h + step, connection)
            log(f"rollups: hours up to {h + step}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        cur.execute("DELETE FROM metrics_rollupstate WHERE name = %s", [STATE_NAME])
        cur.execute("INSERT INTO metrics_rollupstate (name, built_at) VALUES (%s, %s)", [STATE_NAME, clock.now()])
    return {"answered_changed": answered, "rollup_rows": hours}


def recount(first_hour: int, stop_hour: int, connection=default_connection) -> int:
    """The rollup rows of hours [first_hour, stop_hour) counted afresh from the messages, in one
    transaction. PostgreSQL: the rollup table is locked first, so a writer's trigger waits for the
    commit and then adds its change to the recounted rows (none lost, none counted twice)."""
    pg = connection.vendor == "postgresql"
    since, until = (dt.datetime.fromtimestamp(h * 3600, dt.timezone.utc) for h in (first_hour, stop_hour))
    if pg:
        bounds, params = "%s", [since, until]
    else:  # no parameters: the query has strftime('%s'); Django's naive UTC text compared as text
        since, until = (t.strftime("'%Y-%m-%d %H:%M:%S'") for t in (since, until))
        bounds, params = "{}", None
    share = _share("m", pg, 1, rows_from=f"{MESSAGES} m")
    share += f" AND m.sent_at >= {bounds} AND m.sent_at < {bounds}"
    if not pg:
        share = share.format(since, until)
    sums = ", ".join(f"sum({s})" for s in SUMS)
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        if pg:
            cur.execute(f"LOCK TABLE {ROLLUP} IN EXCLUSIVE MODE")
        cur.execute(f"DELETE FROM {ROLLUP} WHERE hour >= %s AND hour < %s", [first_hour, stop_hour])
        cur.execute(f"INSERT INTO {ROLLUP} ({KEY}, {', '.join(SUMS)}) SELECT {KEY}, {sums} FROM ({share}) AS d GROUP BY {KEY}", params)
        return cur.rowcount
