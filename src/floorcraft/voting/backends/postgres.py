"""PostgreSQL: several server processes share one database, each with its own writer and batches.

Limits stay exact because a batch first creates any missing counter rows and then locks every counter it
will use with ``SELECT ... FOR UPDATE`` in one sorted order (no lock cycles between writers); the checks and
the write-back happen under those row locks in the same transaction as the vote inserts. Idempotency keys
are guarded by the unique index: ``INSERT ... ON CONFLICT DO NOTHING`` waits for a concurrent writer of the
same key and then reports the row as taken. Tallies are added once per batch in sorted order. A deadlock or
serialization error rolls the batch back and the ledger retries it.
"""

from __future__ import annotations

import psycopg

from floorcraft.voting.backends.base import VOTE_COLUMNS, AllocationKey, Backend, CounterKey, StoredVote

INSERT_VOTES = (
    f"INSERT INTO voting_votes ({VOTE_COLUMNS}) SELECT * FROM unnest(%s::text[], %s::text[], %s::text[],"
    " %s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[], %s::int[], %s::bigint[], %s::text[])"
    " ON CONFLICT DO NOTHING"
)


def _columns(rows, n: int) -> list[list]:
    return [[r[i] for r in rows] for i in range(n)]


class PostgresBackend(Backend):
    name = "postgresql"
    placeholder = "%s"

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.autocommit = False
        return proxy, conn

    def begin(self, conn) -> None:
        """psycopg opens the transaction at the first statement (READ COMMITTED)."""

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure)

    def lock_counters(self, conn, keys: list[CounterKey]) -> dict[CounterKey, int]:
        if not keys:
            return {}
        keys = sorted(keys)
        p, c, v, s = _columns(keys, 4)
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO voting_counters (poll_id, channel, voter_hash, scope, n)"
                " SELECT p, c, v, s, 0"
                " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) AS k(p, c, v, s)"
                " ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING",
                (p, c, v, s),
            )
            cur.execute(
                "SELECT poll_id, channel, voter_hash, scope, n FROM voting_counters"
                " WHERE (poll_id, channel, voter_hash, scope) IN"
                " (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]))"
                " ORDER BY 1, 2, 3, 4 FOR UPDATE",
                (p, c, v, s),
            )
            return {tuple(r[:4]): r[4] for r in cur.fetchall()}

    def find_votes(self, conn, keys):
        if not keys:
            return {}
        p, c, k = _columns(keys, 3)
        with conn.cursor() as cur:
            cur.execute(
                "SELECT poll_id, channel, idem_key, seq, request_hash, receipt, total, received_at"
                " FROM voting_votes WHERE (poll_id, channel, idem_key) IN"
                " (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]))",
                (p, c, k),
            )
            return {tuple(r[:3]): StoredVote(*r[3:]) for r in cur.fetchall()}

    def insert_votes(self, conn, rows: list[tuple]) -> int:
        if not rows:
            return 0
        with conn.cursor() as cur:
            cur.execute(INSERT_VOTES, _columns(rows, 11))
            return cur.rowcount

    def load_allocations(self, conn, keys: list[AllocationKey]) -> dict[AllocationKey, str]:
        if not keys:
            return {}
        p, c, v = _columns(keys, 3)
        with conn.cursor() as cur:
            cur.execute(
                "SELECT poll_id, channel, voter_hash, allocation FROM voting_allocations"
                " WHERE (poll_id, channel, voter_hash) IN"
                " (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]))",
                (p, c, v),
            )
            return {tuple(r[:3]): r[3] for r in cur.fetchall()}

    def write_counters(self, conn, rows) -> None:
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "UPDATE voting_counters SET n = %s WHERE poll_id = %s AND channel = %s"
                    " AND voter_hash = %s AND scope = %s",
                    [(r[4], *r[:4]) for r in sorted(rows)],
                )

    def write_allocations(self, conn, rows) -> None:
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO voting_allocations (poll_id, channel, voter_hash, seq, allocation)"
                    " VALUES (%(p)s::text, %(c)s::text, %(v)s::text, (SELECT seq FROM voting_votes"
                    " WHERE poll_id = %(p)s::text AND channel = %(c)s::text"
                    " AND idem_key = %(k)s::text), %(a)s)"
                    " ON CONFLICT (poll_id, channel, voter_hash)"
                    " DO UPDATE SET seq = excluded.seq, allocation = excluded.allocation",
                    [dict(zip("pcvka", r, strict=True)) for r in sorted(rows)],
                )

    def add_tallies(self, conn, rows) -> None:
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES (%s,%s,%s,%s)"
                    " ON CONFLICT (poll_id, channel, couple_id)"
                    " DO UPDATE SET n = voting_tallies.n + excluded.n",
                    sorted(rows),
                )
