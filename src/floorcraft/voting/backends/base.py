"""The interface a ledger backend implements, and the SQL both engines share.

Every method runs on the writer's own DBAPI connection inside the batch transaction opened by
:meth:`Backend.begin`, which takes the database's write lock for the whole batch.
"""

from __future__ import annotations

import select
from dataclasses import dataclass

from sqlalchemy import Engine


@dataclass(frozen=True)
class ChannelState:
    paused: bool
    voided: bool
    cap: int | None
    cap_scope: str
    mode: str
    price_cents: int | None
    challenge: bool


@dataclass(frozen=True)
class PollState:
    opens_at: int | None
    closes_at: int | None
    channels: dict[str, ChannelState]


POLLS_SQL = (
    "SELECT p.id, p.opens_at, p.closes_at, c.channel, c.paused, c.cap, c.cap_scope, c.mode,"
    " c.price_cents, c.challenge, EXISTS (SELECT 1 FROM voting_voids v WHERE v.poll_id = p.id"
    " AND v.kind = 'channel' AND v.target = c.channel AND v.lifted_at IS NULL)"
    " FROM voting_polls p LEFT JOIN voting_channels c ON c.poll_id = p.id"
    " WHERE p.id IN ({ids})"
)


def polls_of(rows) -> dict[str, PollState]:
    """:class:`PollState` per poll from the rows of :data:`POLLS_SQL`."""
    windows: dict[str, tuple] = {}
    channels: dict[str, dict[str, ChannelState]] = {}
    for poll_id, opens, closes, ch, paused, cap, scope, mode, price, chal, voided in rows:
        windows[poll_id] = (opens, closes)
        found = channels.setdefault(poll_id, {})
        if ch is not None:
            found[ch] = ChannelState(bool(paused), bool(voided), cap, scope, mode, price, bool(chal))
    return {p: PollState(*windows[p], channels[p]) for p in windows}


class Backend:
    """Shared parts; subclasses fill in the engine-specific statements."""

    name = "?"
    placeholder = "?"

    def __init__(self, engine: Engine):
        self.engine = engine

    def clone(self) -> Backend:
        """A backend of the same database for a second writer in this process (its own locks)."""
        return type(self)(self.engine)

    def q(self, sql: str) -> str:
        return sql.replace("?", self.placeholder)

    # -- connection and transaction ------------------------------------------------------------------
    def connect(self):
        """``(pool_proxy, dbapi_connection)``: the writer keeps the proxy and closes it when done."""
        raise NotImplementedError

    def begin(self, conn) -> None:
        """Open the batch transaction holding the database's write lock."""
        raise NotImplementedError

    def commit(self, conn) -> None:
        conn.commit()

    def close(self) -> None:
        """Release what the backend holds besides the connection."""

    def rollback(self, conn) -> None:
        conn.rollback()

    def is_retryable(self, exc: BaseException) -> bool:
        return False

    # -- state read at the start of each batch -------------------------------------------------------
    def load_polls(self, conn, poll_ids: list[str]) -> dict[str, PollState]:
        """Window, channels and channel voids of ``poll_ids`` in one statement (one round trip a batch)."""
        if not poll_ids:
            return {}
        cur = conn.cursor()
        cur.execute(self.q(POLLS_SQL.format(ids=", ".join("?" * len(poll_ids)))), poll_ids)
        return polls_of(cur.fetchall())

    def open_batch(self, conn, since: int | None, poll_ids: list[str]) -> tuple[int | None, list, dict]:
        """Begin the batch (taking the write lock), then read what it decides on: ``(top, rows, polls)``.
        A writer that has not begun (``since`` is ``None``) gets ``top``, the last ``seq`` committed, and no
        rows; otherwise ``rows`` are the journal rows after ``since`` (see :meth:`journal_since`)."""
        self.begin(conn)
        if since is None:
            return self.journal_max(conn), [], self.load_polls(conn, poll_ids)
        return None, self.journal_since(conn, since), self.load_polls(conn, poll_ids)

    # -- the journal ---------------------------------------------------------------------------------------
    def journal_max(self, conn) -> int:
        cur = conn.cursor()
        cur.execute("SELECT COALESCE(MAX(seq), 0) FROM voting_journal")
        return cur.fetchone()[0]

    def journal_since(self, conn, seq: int) -> list[tuple]:
        """``(seq, poll_id, channel, records)`` of every row after ``seq``, in order."""
        cur = conn.cursor()
        cur.execute(
            self.q("SELECT seq, poll_id, channel, records FROM voting_journal WHERE seq > ? ORDER BY seq"),
            (seq,),
        )
        return [(r[0], r[1], r[2], bytes(r[3])) for r in cur.fetchall()]

    def journal_of(self, conn, poll_id: str, channel: str, upto: int | None = None) -> list[bytes]:
        """The records of every row of one poll's channel (up to ``seq`` ``upto``), in order."""
        cur = conn.cursor()
        sql = "SELECT records FROM voting_journal WHERE poll_id = ? AND channel = ?"
        args: tuple = (poll_id, channel)
        if upto is not None:
            sql, args = sql + " AND seq <= ?", (*args, upto)
        cur.execute(self.q(sql + " ORDER BY seq"), args)
        return [bytes(r[0]) for r in cur.fetchall()]

    def append(self, conn, poll_id: str, channel: str, first_at: int, records: bytes, receipts: bytes) -> int:
        """Append one journal row; its ``seq``."""
        raise NotImplementedError

    def add_tallies(self, conn, rows: list[tuple]) -> None:
        """Add ``(poll_id, channel, couple_id, n)`` to the running totals."""
        raise NotImplementedError

    # -- the end of a batch --------------------------------------------------------------------------------
    def finish(self, conn, rows: list[tuple]) -> list[int]:
        """Append the batch's journal ``rows`` (the arguments of :meth:`append`), then COMMIT (with the
        tallies of :meth:`add_tallies`): the rows' ``seq``, once the batch is durable."""
        seqs = [self.append(conn, *row) for row in rows]
        self.commit(conn)
        return seqs

    # -- the same three steps as exchanges that need not block the caller ---------------------------------
    # A backend whose driver can send statements and read their answers when the socket is ready returns
    # an :class:`Exchange` on its way; the others do the work here and return it :class:`Done`. The server's
    # event loop runs a batch as these three exchanges (voting/ledger.py ``batch_steps``), serving requests
    # while each is on its way: while the batch queues for the write lock, and while it commits.
    def send_journal_since(self, conn, seq: int) -> Exchange:
        """:meth:`journal_since` (the read-ahead before the lock)."""
        return Done(self.journal_since(conn, seq))

    def send_open(self, conn, since: int | None, poll_ids: list[str]) -> Exchange:
        """:meth:`open_batch`: the write lock and the batch's reads."""
        return Done(self.open_batch(conn, since, poll_ids))

    def send_finish(self, conn, rows: list[tuple]) -> Exchange:
        """:meth:`finish`: the journal rows, the tallies and COMMIT; the rows' ``seq`` once durable."""
        return Done(self.finish(conn, rows))


class Exchange:
    """Statements on their way to the database (:meth:`Backend.send_open`, :meth:`Backend.send_finish`).
    The owner waits for :meth:`fileno` to be readable (and writable while :attr:`sending`) and calls
    :meth:`step` each time, until it returns the answer; an error is raised by :meth:`step` once the
    database has answered in full, with the connection back in its normal state (the transaction to be
    rolled back)."""

    done = False  # the answer is already here (:class:`Done`): no socket to wait for
    sending: bool = True  # part of the request is still to be written to the socket

    def fileno(self) -> int:
        raise NotImplementedError

    def step(self):
        """Read what has arrived; the answer once it is complete, else ``None``."""
        raise NotImplementedError

    def wait(self):
        """Complete the exchange here, blocking (a writer that is closing, a thread)."""
        poller = select.poll()  # not select.select: a busy server's descriptors pass 1,024
        while True:
            poller.register(self.fileno(), select.POLLIN | (select.POLLOUT if self.sending else 0))
            poller.poll()
            answer = self.step()
            if answer is not None:
                return answer


class Done(Exchange):
    """An exchange that has already taken place (a backend that blocks: SQLite)."""

    done, sending = True, False

    def __init__(self, answer):
        self.answer = answer

    def step(self):
        return self.answer

    def wait(self):
        return self.answer
