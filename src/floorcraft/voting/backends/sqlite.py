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
WRITER_CACHE_KIB = 131072  # 128 MiB of page cache for the ledger writer's connection
WRITER_CHECKPOINT_PAGES = 10000  # checkpoint the WAL every ~40 MB instead of every ~4 MB (the default 1000)
CHUNK = 500  # values per IN (...) list


def _grouped(keys) -> dict[tuple[str, str], list[str]]:
    """``(poll_id, channel, x, ...)`` keys grouped by poll and channel: the x values of each group."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key in keys:
        groups.setdefault((key[0], key[1]), []).append(key[2])
    return groups


def _select_in(conn, sql: str, poll_id: str, channel: str, values: list[str]):
    """Rows of ``sql`` (ending in ``IN``) for ``values``, in chunks of :data:`CHUNK`."""
    for i in range(0, len(values), CHUNK):
        chunk = values[i : i + CHUNK]
        yield from conn.execute(f"{sql} ({','.join('?' * len(chunk))})", (poll_id, channel, *chunk))


class SqliteBackend(Backend):
    name = "sqlite"
    placeholder = "?"

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.isolation_level = None  # we issue BEGIN IMMEDIATE / COMMIT ourselves
        # The writer's own tuning (durability unchanged: synchronous=FULL still syncs the WAL at each COMMIT):
        # a page cache that holds the hot index pages, and fewer, larger WAL checkpoints (docs/voting.md §7).
        conn.execute(f"PRAGMA cache_size={-WRITER_CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint={WRITER_CHECKPOINT_PAGES}")
        return proxy, conn

    def begin(self, conn) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

    def lock_counters(self, conn, keys: list[CounterKey]) -> dict[CounterKey, int]:
        """Counters of the batch's voters in one query per chunk (the write lock is already ours)."""
        out = dict.fromkeys(keys, 0)
        sql = (
            "SELECT voter_hash, scope, n FROM voting_counters"
            " WHERE poll_id = ? AND channel = ? AND voter_hash IN"
        )
        for (poll_id, channel), voters in _grouped(keys).items():
            for voter, scope, n in _select_in(conn, sql, poll_id, channel, sorted(set(voters))):
                if (poll_id, channel, voter, scope) in out:
                    out[(poll_id, channel, voter, scope)] = n
        return out

    def find_votes(self, conn, keys):
        out = {}
        sql = (
            "SELECT idem_key, seq, request_hash, receipt, total, received_at FROM voting_votes"
            " WHERE poll_id = ? AND channel = ? AND idem_key IN"
        )
        for (poll_id, channel), idem_keys in _grouped(keys).items():
            for key, *rest in _select_in(conn, sql, poll_id, channel, idem_keys):
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
