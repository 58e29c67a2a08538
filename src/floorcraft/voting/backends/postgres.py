"""PostgreSQL: several server processes share one database, each with its own writer and batches.

Limits and idempotency stay exact because every batch takes one advisory transaction lock first: batches of
all processes apply one after another, each reading the journal rows committed before it and appending its
own before it commits (voting/ledger.py). Tallies are added once per batch in sorted order. A deadlock or
serialization error rolls the batch back and the ledger retries it.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from floorcraft.voting.backends.base import POLLS_SQL, Backend, polls_of
from floorcraft.voting.journal import RECEIPT_BYTES

LEDGER_LOCK = 0x466C6F6F72  # the advisory lock every ledger writer takes for each batch ("Floor")
LOCK = sql.SQL("SELECT pg_advisory_xact_lock({})").format(sql.Literal(LEDGER_LOCK))


class PostgresBackend(Backend):
    """Round trips are what a PostgreSQL batch costs on the event loop, so a batch makes three: BEGIN, the
    advisory lock and every read in one simple-protocol message (values quoted by ``psycopg.sql``), the
    journal INSERT, and the tallies with COMMIT in one message. The connection is in autocommit mode and the
    transaction is spelled out (BEGIN ... COMMIT/ROLLBACK)."""

    name = "postgresql"
    placeholder = "%s"

    def __init__(self, engine):
        super().__init__(engine)
        self._tallies: list[tuple] = []

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.autocommit = True
        return proxy, conn

    def open_batch(self, conn, since, poll_ids):
        """:meth:`Backend.open_batch` in one round trip. The advisory lock is held until COMMIT or ROLLBACK
        and is a statement of its own, before the reads: each statement (READ COMMITTED) takes its snapshot
        when it starts, so the reads see all that other writers committed before we got the lock
        (PostgreSQL makes a commit visible before it releases the lock)."""
        statements = [sql.SQL("BEGIN"), LOCK]
        if since is None:
            statements.append(sql.SQL("SELECT COALESCE(MAX(seq), 0) FROM voting_journal"))
        else:
            statements.append(
                sql.SQL(
                    "SELECT seq, poll_id, channel, records FROM voting_journal WHERE seq > {} ORDER BY seq"
                ).format(sql.Literal(since))
            )
        if poll_ids:
            ids = sql.SQL(", ").join(sql.Literal(p) for p in poll_ids)
            statements.append(sql.SQL(POLLS_SQL.replace("{ids}", "{}")).format(ids))
        with conn.cursor() as cur:
            cur.execute(sql.SQL("; ").join(statements))
            cur.nextset()  # past BEGIN
            cur.nextset()  # past the lock
            read = cur.fetchall()
            polls = polls_of(cur.fetchall()) if poll_ids and cur.nextset() else {}
        if since is None:
            return read[0][0], [], polls
        return None, [(seq, p, ch, bytes(rec)) for seq, p, ch, rec in read], polls

    def commit(self, conn) -> None:
        statements = []
        if self._tallies:
            values = sql.SQL(", ").join(
                sql.SQL("({}, {}, {}, {})").format(*map(sql.Literal, row)) for row in self._tallies
            )
            statements.append(
                sql.SQL(
                    "INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES {}"
                    " ON CONFLICT (poll_id, channel, couple_id)"
                    " DO UPDATE SET n = voting_tallies.n + excluded.n"
                ).format(values)
            )
        self._tallies = []
        statements.append(sql.SQL("COMMIT"))
        with conn.cursor() as cur:
            cur.execute(sql.SQL("; ").join(statements))

    def rollback(self, conn) -> None:
        self._tallies = []
        with conn.cursor() as cur:
            cur.execute("ROLLBACK")

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure)

    def append(self, conn, poll_id, channel, first_at, records, receipts) -> int:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO voting_journal (poll_id, channel, first_at, n, records, receipts)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING seq",
                (poll_id, channel, first_at, len(receipts) // RECEIPT_BYTES, records, receipts),
            )
            return cur.fetchone()[0]

    def add_tallies(self, conn, rows) -> None:
        """Kept until :meth:`commit`, which sends them with the COMMIT (sorted: one lock order for all)."""
        self._tallies = sorted(rows)
