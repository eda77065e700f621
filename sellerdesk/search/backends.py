"""The two tables of the search index, on SQLite (FTS5) and on PostgreSQL (tsvector + GIN).

`search_message`: one row per message (its id), with its conversation; `search_conversation`:
one row per conversation with what names it — subject, customer, order and tracking numbers.
Both hold terms made by `search.terms` (the databases never split text themselves), so a
query matches the same rows on both. No foreign keys: a row whose message or conversation is
gone simply finds nothing to join.
"""

from __future__ import annotations

from django.db import connection

from sellerdesk.lib.rows import server_cursor
from sellerdesk.search.terms import Word

SQLITE_CREATE = [
    # 'ascii': our terms are already folded and split; it only splits at the spaces we put.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_message USING fts5(terms, conversation_id UNINDEXED, tokenize='ascii')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_conversation USING fts5(terms, tokenize='ascii')",
]
POSTGRES_CREATE = [
    "CREATE TABLE IF NOT EXISTS search_message (message_id bigint PRIMARY KEY, conversation_id bigint NOT NULL, terms tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_message_terms ON search_message USING gin (terms)",
    "CREATE TABLE IF NOT EXISTS search_conversation (conversation_id bigint PRIMARY KEY, terms tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_conversation_terms ON search_conversation USING gin (terms)",
]
DROP = ["DROP TABLE IF EXISTS search_message", "DROP TABLE IF EXISTS search_conversation"]


def postgres() -> bool:
    return connection.vendor == "postgresql"


def create_tables(schema_editor) -> None:
    for sql in POSTGRES_CREATE if schema_editor.connection.vendor == "postgresql" else SQLITE_CREATE:
        schema_editor.execute(sql)


def drop_tables(schema_editor) -> None:
    for sql in DROP:
        schema_editor.execute(sql)


# --- writing -------------------------------------------------------------------------------------


# PostgreSQL: every row also holds a "band" term, `~N` for ids N*BAND .. N*BAND+BAND-1 (our
# terms are letters and digits, so no text makes one). A search asks the newest bands first
# (`... & ('~122' | '~121')`): the GIN index then intersects the word with those bands itself,
# and only the matches in them are read from the table — whatever the planner estimates.
BAND = 8192


def band_term(row_id: int) -> str:
    return f"~{row_id // BAND}"


def tsvector(terms: list[str], row_id: int) -> str:
    """A tsvector literal with positions, and the row's band; terms are alphanumeric, so they need no escaping."""
    return " ".join(f"'{t}':{min(i, 16383)}" for i, t in enumerate(terms, 1)) + f" '{band_term(row_id)}'"


def put_messages(rows: list[tuple[int, int, list[str]]]) -> None:
    """(message id, conversation id, terms) rows, replacing what those messages had."""
    if not rows:
        return
    last = {m: (c, t) for m, c, t in rows}  # a message listed twice is written as last listed
    if postgres():
        # One statement, one array per column (an executemany is a parse and an execute per row;
        # ON CONFLICT may touch a row only once, hence `last`).
        with server_cursor() as cur:
            cur.execute(
                "INSERT INTO search_message (message_id, conversation_id, terms) "
                "SELECT m, c, t::tsvector FROM UNNEST((%b)::bigint[], (%b)::bigint[], (%b)::text[]) AS v(m, c, t) "
                "ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, terms = EXCLUDED.terms",
                [list(last), [c for c, _t in last.values()], [tsvector(t, m) for m, (_c, t) in last.items()]],
            )
        return
    with connection.cursor() as cur:
        _sqlite_delete(cur, "search_message", list(last))
        cur.executemany(
            "INSERT INTO search_message (rowid, terms, conversation_id) VALUES (%s, %s, %s)",
            [(m, " ".join(t), c) for m, (c, t) in last.items()],
        )


def put_conversations(rows: list[tuple[int, list[str]]]) -> None:
    if not rows:
        return
    last = dict(rows)  # a conversation listed twice is written as last listed
    if postgres():
        with server_cursor() as cur:
            cur.execute(
                "INSERT INTO search_conversation (conversation_id, terms) "
                "SELECT c, t::tsvector FROM UNNEST((%b)::bigint[], (%b)::text[]) AS v(c, t) "
                "ON CONFLICT (conversation_id) DO UPDATE SET terms = EXCLUDED.terms",
                [list(last), [tsvector(t, c) for c, t in last.items()]],
            )
        return
    with connection.cursor() as cur:
        _sqlite_delete(cur, "search_conversation", list(last))
        cur.executemany(
            "INSERT INTO search_conversation (rowid, terms) VALUES (%s, %s)", [(c, " ".join(t)) for c, t in last.items()]
        )


class rebuilding:
    """Around a rebuild of the whole index: both tables emptied first; on PostgreSQL the GIN
    indexes are dropped during the load and built once after it (far faster than a million
    in-place insertions). Inside, `append_messages` / `append_conversations` write new rows."""

    def __enter__(self):
        with connection.cursor() as cur:
            if postgres():
                cur.execute("TRUNCATE search_message, search_conversation")
                cur.execute("DROP INDEX IF EXISTS search_message_terms")
                cur.execute("DROP INDEX IF EXISTS search_conversation_terms")
            else:
                cur.execute("DELETE FROM search_message")
                cur.execute("DELETE FROM search_conversation")
        return self

    def __exit__(self, *exc):
        if exc[0] is None and postgres():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for sql in POSTGRES_CREATE:
                    cur.execute(sql)
                cur.execute("ANALYZE search_message")
                cur.execute("ANALYZE search_conversation")


def append_messages(rows: list[tuple[int, int, list[str]]]) -> None:
    """New (message id, conversation id, terms) rows, inside `rebuilding`: no replacing."""
    with connection.cursor() as cur:
        if postgres():
            with cur.cursor.copy("COPY search_message (message_id, conversation_id, terms) FROM STDIN") as copy:
                for m, c, t in rows:
                    copy.write_row((m, c, tsvector(t, m)))
        else:
            cur.executemany(
                "INSERT INTO search_message (rowid, terms, conversation_id) VALUES (%s, %s, %s)",
                [(m, " ".join(t), c) for m, c, t in rows],
            )


def append_conversations(rows: list[tuple[int, list[str]]]) -> None:
    with connection.cursor() as cur:
        if postgres():
            with cur.cursor.copy("COPY search_conversation (conversation_id, terms) FROM STDIN") as copy:
                for c, t in rows:
                    copy.write_row((c, tsvector(t, c)))
        else:
            cur.executemany(
                "INSERT INTO search_conversation (rowid, terms) VALUES (%s, %s)", [(c, " ".join(t)) for c, t in rows]
            )


def _sqlite_delete(cur, table: str, ids: list[int]) -> None:
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        cur.execute(f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


# --- reading -------------------------------------------------------------------------------------


def match_expression(words: list[Word]) -> str:
    """Every word, its terms in a row: FTS5 `"a b" AND "c"*`, PostgreSQL `'a' <-> 'b' & 'c':*`."""
    if postgres():
        parts = []
        for w in words:
            terms = [f"'{t}'" for t in w.terms]
            if w.prefix:
                terms[-1] += ":*"
            parts.append("(" + " <-> ".join(terms) + ")")
        return " & ".join(parts)
    return " AND ".join('"' + " ".join(w.terms) + '"' + ("*" if w.prefix else "") for w in words)


CONVERSATION = "conversations_conversation"
MAX_BANDS_PER_QUERY = 16  # beyond, the rest of the table is asked at once (the word is rare)


def matching_messages(expr: str, where: str, params: list, limit: int) -> list[tuple[int, int, str]]:
    """(message id, conversation id, status) of the newest matching messages whose conversation passes `where`."""
    if postgres():
        sql = (
            f"SELECT s.message_id, s.conversation_id, {CONVERSATION}.status FROM search_message s "
            f"JOIN {CONVERSATION} ON {CONVERSATION}.id = s.conversation_id "
            f"WHERE s.terms @@ %s::tsquery AND s.message_id >= %s AND s.message_id < %s AND ({where}) "
            f"ORDER BY s.message_id DESC LIMIT %s"
        )
        return [(int(m), int(c), st) for m, c, st in _newest_bands(sql, "search_message", "message_id", expr, params, limit)]
    sql = (
        f"SELECT search_message.rowid, search_message.conversation_id, {CONVERSATION}.status FROM search_message "
        f"JOIN {CONVERSATION} ON {CONVERSATION}.id = search_message.conversation_id "
        f"WHERE search_message MATCH %s AND ({where}) ORDER BY search_message.rowid DESC LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [expr, *params, limit])
        return [(int(m), int(c), s) for m, c, s in cur.fetchall()]


def matching_conversations(expr: str, where: str, params: list, limit: int) -> list[tuple[int, str]]:
    """(conversation id, status) of the newest conversations whose names match."""
    if postgres():
        sql = (
            f"SELECT s.conversation_id, {CONVERSATION}.status FROM search_conversation s "
            f"JOIN {CONVERSATION} ON {CONVERSATION}.id = s.conversation_id "
            f"WHERE s.terms @@ %s::tsquery AND s.conversation_id >= %s AND s.conversation_id < %s AND ({where}) "
            f"ORDER BY s.conversation_id DESC LIMIT %s"
        )
        return [(int(c), st) for c, st in _newest_bands(sql, "search_conversation", "conversation_id", expr, params, limit)]
    sql = (
        f"SELECT search_conversation.rowid, {CONVERSATION}.status FROM search_conversation "
        f"JOIN {CONVERSATION} ON {CONVERSATION}.id = search_conversation.rowid "
        f"WHERE search_conversation MATCH %s AND ({where}) ORDER BY search_conversation.rowid DESC LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [expr, *params, limit])
        return [(int(c), s) for c, s in cur.fetchall()]


def _newest_bands(sql: str, table: str, id_column: str, expr: str, params: list, limit: int) -> list[tuple]:
    """PostgreSQL: `sql` over the newest BAND ids, then over a range four times as wide (or as
    wide as the matches found so far say is needed), and so on; a range wider than
    MAX_BANDS_PER_QUERY bands is the rest of the table at once. A common word is answered from
    the newest few thousand rows; a rare one costs two index lookups. (FTS5 walks its index
    newest first by itself.)"""
    rows: list[tuple] = []
    with connection.cursor() as cur:
        cur.execute(f"SELECT {id_column} FROM {table} ORDER BY {id_column} DESC LIMIT 1")
        top = cur.fetchone()
        end, size = (top[0] + 1 if top else 0), BAND
        while end > 0 and len(rows) < limit:
            start = max(end - size, 0)
            if start == 0 or size > BAND * MAX_BANDS_PER_QUERY:
                start, query = 0, expr  # the rest of the table: the word is rare in the newer rows
            else:
                bands = range(start // BAND, (end - 1) // BAND + 1)
                query = f"({expr}) & (" + " | ".join(f"'~{b}'" for b in bands) + ")"
            cur.execute(sql, [query, start, end, *params, limit - len(rows)])
            found = cur.fetchall()
            rows += found
            # As many ids again as held the matches found, for the matches still wanted, with a margin.
            wanted = (limit - len(rows)) * (end - start) * 3 // 2 // max(len(found), 1)
            end, size = start, max(size * 4, wanted)
    return rows


def purge_replaced() -> None:
    """SQLite FTS5 keeps replaced terms in older index segments until they are merged: after an
    erasure they are merged now, so the erased words are gone from the index's pages too."""
    if postgres():
        return  # old row versions are the same as for every other table (VACUUM)
    with connection.cursor() as cur:
        for table in ("search_message", "search_conversation"):
            cur.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
