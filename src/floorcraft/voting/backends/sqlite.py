"""SQLite: one writer connection, ``BEGIN IMMEDIATE`` takes the database's write lock for the whole batch,
so the journal read at its start and the rows appended at its end are exact even with several server
processes on one file (each batch waits for the lock; ``busy_timeout`` bounds the wait). WAL +
``synchronous=FULL``: COMMIT returns only after the WAL is on disk."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading

from floorcraft.voting.backends.base import Backend
from floorcraft.voting.journal import RECEIPT_BYTES

LOCK_SUFFIX = ".ledger-lock"  # the writers' queue: a file beside the database
WRITER_CACHE_KIB = 131072  # 128 MiB of page cache for the ledger writer's connection
CHECKPOINT_EVERY_S = 0.05


class Checkpointer:
    """A thread with its own connection that checkpoints the WAL every :data:`CHECKPOINT_EVERY_S`, off the
    writer's path. ``PASSIVE`` never blocks a writer or a reader; SQLite reuses the WAL from its start once
    a checkpoint has copied all of it. (SQLite runs the checkpoint's I/O without Python's GIL.)"""

    def __init__(self, path: str):
        self._path = path
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vote-ledger-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, timeout=10, check_same_thread=False)
        try:
            while not self._stop.wait(CHECKPOINT_EVERY_S):
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class SqliteBackend(Backend):
    name = "sqlite"
    placeholder = "?"

    def __init__(self, engine):
        super().__init__(engine)
        db = engine.url.database
        on_disk = db and db != ":memory:" and not db.startswith("file:")
        self._path = db if on_disk else None
        self._lock_path = f"{db}{LOCK_SUFFIX}" if on_disk else None
        self._lock_fd: int | None = None
        self._checkpointer: Checkpointer | None = None

    def connect(self):
        if self._lock_path and self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.isolation_level = None  # we issue BEGIN IMMEDIATE / COMMIT ourselves
        # The writer's own tuning (durability unchanged: synchronous=FULL still syncs the WAL at each COMMIT):
        # a page cache for the hot pages, and no WAL checkpoints in the writer's COMMITs: a checkpoint copies
        # the WAL into the database and syncs it, stalling every vote waiting on that batch (tens of ms on
        # this machine, docs/voting.md §7). A background thread checkpoints instead.
        conn.execute(f"PRAGMA cache_size={-WRITER_CACHE_KIB}")
        if self._path:
            conn.execute("PRAGMA wal_autocheckpoint=0")
            if self._checkpointer is None:
                self._checkpointer = Checkpointer(self._path)
        return proxy, conn

    def begin(self, conn) -> None:
        # Writers of other processes queue on a file lock first: flock() wakes the next one the moment the
        # lock is free, where SQLite's busy handler would poll with sleeps of 1-100 ms (docs/voting.md §4).
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._unlock()
            raise

    def commit(self, conn) -> None:
        try:
            conn.commit()
        finally:
            self._unlock()

    def rollback(self, conn) -> None:
        try:
            conn.rollback()
        finally:
            self._unlock()

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

    def append(self, conn, poll_id, channel, first_at, records, receipts) -> int:
        cur = conn.execute(
            "INSERT INTO voting_journal (poll_id, channel, first_at, n, records, receipts)"
            " VALUES (?,?,?,?,?,?)",
            (poll_id, channel, first_at, len(receipts) // RECEIPT_BYTES, records, receipts),
        )
        return cur.lastrowid

    def add_tallies(self, conn, rows) -> None:
        conn.executemany(
            "INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES (?,?,?,?)"
            " ON CONFLICT (poll_id, channel, couple_id) DO UPDATE SET n = voting_tallies.n + excluded.n",
            rows,
        )
