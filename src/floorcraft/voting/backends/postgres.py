"""PostgreSQL: several server processes share one database, each with its own writer and batches.

Limits and idempotency stay exact because every batch takes one advisory transaction lock first: batches of
all processes apply one after another, each reading the journal rows committed before it and appending its
own before it commits (voting/ledger.py). Tallies are added once per batch in sorted order. A deadlock or
serialization error rolls the batch back and the ledger retries it.
"""

from __future__ import annotations

import psycopg

from floorcraft.voting.backends.base import Backend
from floorcraft.voting.journal import RECEIPT_BYTES

LEDGER_LOCK = 0x466C6F6F72  # the advisory lock every ledger writer takes for each batch ("Floor")


class PostgresBackend(Backend):
    name = "postgresql"
    placeholder = "%s"

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.autocommit = False
        return proxy, conn

    def begin(self, conn) -> None:
        """psycopg opens the transaction at this first statement (READ COMMITTED); the advisory lock is held
        until COMMIT or ROLLBACK, and every later statement of the batch sees all that other writers
        committed before we got it (PostgreSQL makes a commit visible before it releases the lock)."""
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LEDGER_LOCK,))

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
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES (%s,%s,%s,%s)"
                    " ON CONFLICT (poll_id, channel, couple_id)"
                    " DO UPDATE SET n = voting_tallies.n + excluded.n",
                    sorted(rows),
                )
