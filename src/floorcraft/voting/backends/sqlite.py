"""SQLite: one writer connection, ``BEGIN IMMEDIATE`` takes the database's write lock for the whole batch,
so reading a counter and writing it back is exact even with several server processes on one file (each
batch waits for the lock; ``busy_timeout`` bounds the wait). WAL + ``synchronous=FULL``: COMMIT returns only
after the WAL is on disk."""

from __future__ import annotations

import sqlite3

from floorcraft.voting.backends.base import VOTE_COLUMNS, AllocationKey, Backend, CounterKey, StoredVote

INSERT_VOTE = (
    f"INSERT INTO voting_votes ({VOTE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"
)


class SqliteBackend(Backend):
    name = "sqlite"
    placeholder = "?"

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.isolation_level = None  # we issue BEGIN IMMEDIATE / COMMIT ourselves
        return proxy, conn

    def begin(self, conn) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

    def lock_counters(self, conn, keys: list[CounterKey]) -> dict[CounterKey, int]:
        out = {}
        sql = (
            "SELECT n FROM voting_counters WHERE poll_id = ? AND channel = ? AND voter_hash = ? AND scope = ?"
        )
        for key in keys:
            row = conn.execute(sql, key).fetchone()
            out[key] = row[0] if row else 0
        return out

    def find_votes(self, conn, keys):
        out = {}
        groups: dict[tuple[str, str], list[str]] = {}
        for poll_id, channel, key in keys:
            groups.setdefault((poll_id, channel), []).append(key)
        for (poll_id, channel), idem_keys in groups.items():
            for i in range(0, len(idem_keys), 500):
                chunk = idem_keys[i : i + 500]
                rows = conn.execute(
                    "SELECT idem_key, seq, request_hash, receipt, total, received_at FROM voting_votes"
                    f" WHERE poll_id = ? AND channel = ? AND idem_key IN ({','.join('?' * len(chunk))})",
                    (poll_id, channel, *chunk),
                )
                for key, *rest in rows:
                    out[(poll_id, channel, key)] = StoredVote(*rest)
        return out

    def insert_votes(self, conn, rows: list[tuple]) -> int:
        before = conn.total_changes
        conn.executemany(INSERT_VOTE, rows)
        return conn.total_changes - before

    def load_allocations(self, conn, keys: list[AllocationKey]) -> dict[AllocationKey, str]:
        out = {}
        sql = "SELECT allocation FROM voting_allocations WHERE poll_id = ? AND channel = ? AND voter_hash = ?"
        for key in keys:
            row = conn.execute(sql, key).fetchone()
            if row:
                out[key] = row[0]
        return out

    def write_counters(self, conn, rows) -> None:
        conn.executemany(
            "INSERT INTO voting_counters (poll_id, channel, voter_hash, scope, n) VALUES (?,?,?,?,?)"
            " ON CONFLICT (poll_id, channel, voter_hash, scope) DO UPDATE SET n = excluded.n",
            rows,
        )

    def write_allocations(self, conn, rows) -> None:
        conn.executemany(
            "INSERT INTO voting_allocations (poll_id, channel, voter_hash, seq, allocation) VALUES"
            " (?1, ?2, ?3, (SELECT seq FROM voting_votes"
            " WHERE poll_id = ?1 AND channel = ?2 AND idem_key = ?4), ?5)"
            " ON CONFLICT (poll_id, channel, voter_hash) DO UPDATE SET seq = excluded.seq,"
            " allocation = excluded.allocation",
            rows,
        )

    def add_tallies(self, conn, rows) -> None:
        conn.executemany(
            "INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES (?,?,?,?)"
            " ON CONFLICT (poll_id, channel, couple_id) DO UPDATE SET n = voting_tallies.n + excluded.n",
            rows,
        )
