"""PostgreSQL: several server processes share one database, each with its own writer and batches.

Limits and idempotency stay exact because every batch takes one advisory transaction lock first: batches of
all processes apply one after another, each reading the journal rows committed before it and appending its
own before it commits (voting/ledger.py). Tallies are added once per batch in sorted order. A deadlock or
serialization error rolls the batch back and the ledger retries it.
"""

from __future__ import annotations

import contextlib

import psycopg
from psycopg import pq, sql
from psycopg.adapt import Transformer

from floorcraft.voting.backends.base import POLLS_SQL, Backend, Exchange, polls_of
from floorcraft.voting.journal import RECEIPT_BYTES

LEDGER_LOCK = 0x466C6F6F72  # the advisory lock every ledger writer takes for each batch ("Floor")
LOCK = b"SELECT pg_advisory_xact_lock(%d)" % LEDGER_LOCK
#: the reads of every batch, prepared on each writer connection (:meth:`PostgresBackend.connect`)
PREPARED = {
    "fc_journal_since": "PREPARE fc_journal_since(bigint) AS"
    " SELECT seq, poll_id, channel, records FROM voting_journal WHERE seq > $1 ORDER BY seq",
    # one poll: a parameter of its own gets a generic plan (an array of ids was planned anew each time)
    "fc_poll": "PREPARE fc_poll(text) AS " + POLLS_SQL.format(ids="$1"),
}
INSERT_JOURNAL = (
    b"INSERT INTO voting_journal (poll_id, channel, first_at, n, records, receipts)"
    b" VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq"
)
JOURNAL_FORMATS = (0, 0, 0, 0, 1, 1)  # text, except the two blobs (binary: sent as they are)
ADD_TALLIES = (
    b"INSERT INTO voting_tallies (poll_id, channel, couple_id, n) VALUES %s"
    b" ON CONFLICT (poll_id, channel, couple_id) DO UPDATE SET n = voting_tallies.n + excluded.n"
)
PIPELINE_SYNC, TUPLES_OK, FATAL_ERROR = (
    pq.ExecStatus.PIPELINE_SYNC,
    pq.ExecStatus.TUPLES_OK,
    pq.ExecStatus.FATAL_ERROR,
)


class PostgresBackend(Backend):
    """Round trips are what a PostgreSQL batch costs on the event loop, so a batch makes two: BEGIN, the
    advisory lock and every read in one simple-protocol message (values quoted by ``psycopg.sql``); then
    the journal INSERTs, the tallies and COMMIT in one pipeline. The server's event loop waits for
    neither (:meth:`send_open`, :meth:`send_finish`): it serves other requests while the batch queues for
    the lock behind other processes' batches and while it commits. The connection is in autocommit mode
    and the transaction is spelled out (BEGIN ... COMMIT/ROLLBACK)."""

    name = "postgresql"
    placeholder = "%s"

    def __init__(self, engine):
        super().__init__(engine)
        self._tallies: list[tuple] = []
        self._literals: dict[str, bytes] = {}

    def connect(self):
        proxy = self.engine.raw_connection()
        conn = proxy.driver_connection
        conn.autocommit = True
        have = {row[0] for row in conn.execute("SELECT name FROM pg_prepared_statements")}
        for name, statement in PREPARED.items():
            if name not in have:  # a pooled connection may have them already
                conn.execute(statement)
        return proxy, conn

    def open_batch(self, conn, since, poll_ids):
        return self.send_open(conn, since, poll_ids).wait()

    def send_journal_since(self, conn, seq) -> _Answers:
        return _Answers(conn, b"EXECUTE fc_journal_since(%d)" % seq, _journal_rows)

    def send_open(self, conn, since, poll_ids) -> _Answers:
        """:meth:`Backend.open_batch` in one round trip, its reads prepared once per connection (planning
        the polls' join each time cost more than running it). The advisory lock is held until COMMIT or
        ROLLBACK and is a statement of its own, before the reads: each statement (READ COMMITTED) takes its
        snapshot when it starts, so the reads see all that other writers committed before we got the lock
        (PostgreSQL makes a commit visible before it releases the lock)."""
        statements = [b"BEGIN", LOCK]
        if since is None:
            statements.append(b"SELECT COALESCE(MAX(seq), 0) FROM voting_journal")
        else:
            statements.append(b"EXECUTE fc_journal_since(%d)" % since)
        if len(poll_ids) == 1:  # nearly every batch
            statements.append(b"EXECUTE fc_poll(%s)" % self._quoted(conn, poll_ids[0]))
        elif poll_ids:
            ids = b", ".join(self._quoted(conn, p) for p in poll_ids)
            statements.append(POLLS_SQL.format(ids="%s").encode() % ids)

        def opened(results):  # BEGIN, the lock, the journal, the polls
            read = results[2]
            polls = polls_of(results[3]) if poll_ids else {}
            if since is None:
                return read[0][0], [], polls
            return None, _journal_rows([read]), polls

        return _Answers(conn, b"; ".join(statements), opened)

    def _quoted(self, conn, value: str) -> bytes:
        """``value`` as an SQL literal. Batch after batch names the same few polls, channels and couples,
        so their literals are kept: quoting them with ``psycopg.sql`` each time took a fifth of a small
        batch's CPU."""
        literal = self._literals.get(value)
        if literal is None:
            if len(self._literals) > 256:
                self._literals.clear()
            literal = self._literals[value] = sql.Literal(value).as_bytes(conn)
        return literal

    def finish(self, conn, rows) -> list[int]:
        return self.send_finish(conn, rows).wait()

    def send_finish(self, conn, rows) -> _Finishing:
        """The journal INSERTs, the tallies and COMMIT in one libpq pipeline: one round trip, and the
        caller decides whether to wait for it (the server's event loop does not: docs/voting.md §4 item 3)."""
        pg = conn.pgconn
        pg.enter_pipeline_mode()
        try:
            for poll_id, channel, first_at, records, receipts in rows:
                n = len(receipts) // RECEIPT_BYTES
                values = (poll_id.encode(), channel.encode(), b"%d" % first_at, b"%d" % n, records, receipts)
                pg.send_query_params(INSERT_JOURNAL, values, param_formats=JOURNAL_FORMATS)
            if self._tallies:
                pg.send_query_params(self._tallies_sql(conn), None)
            pg.send_query_params(b"COMMIT", None)
            pg.pipeline_sync()
        except BaseException:
            with contextlib.suppress(Exception):  # out of pipeline mode: the batch is then rolled back
                pg.pipeline_sync()
                _Finishing(conn).wait()
            raise
        finally:
            self._tallies = []
        return _Finishing(conn)

    def _tallies_sql(self, conn) -> bytes:
        q = self._quoted
        return ADD_TALLIES % b", ".join(
            b"(%s, %s, %s, %d)" % (q(conn, poll_id), q(conn, channel), q(conn, couple), n)
            for poll_id, channel, couple, n in self._tallies
        )

    def rollback(self, conn) -> None:
        self._tallies = []
        with conn.cursor() as cur:
            cur.execute("ROLLBACK")

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure)

    def add_tallies(self, conn, rows) -> None:
        """Kept until :meth:`send_finish`, which sends them with the COMMIT (sorted: one lock order for
        all)."""
        self._tallies = sorted(rows)


def _journal_rows(results) -> list[tuple]:
    return [(seq, p, ch, bytes(rec)) for seq, p, ch, rec in results[0]]


class _Sent(Exchange):
    """What was sent on ``conn`` (the caller has queued it in libpq), read back as it arrives. The first
    error is kept and raised by :meth:`_end` once the answer is complete (PostgreSQL skips the rest after
    an error), with the connection back in its normal state."""

    def __init__(self, conn):
        self.conn, self.pg = conn, conn.pgconn
        self.error = None
        self.sending = self.pg.flush() != 0

    def fileno(self) -> int:
        return self.pg.socket

    def _arrived(self):
        """Each result on the socket so far (``None`` ends a statement's results, or a whole message)."""
        pg = self.pg
        if self.sending:
            self.sending = pg.flush() != 0
        pg.consume_input()
        while not pg.is_busy():
            result = pg.get_result()
            if result is None or result.status != FATAL_ERROR:
                yield result
            elif self.error is None:
                self.error = result

    def _end(self, answer):
        if self.error is not None:
            raise psycopg.errors.error_from_result(self.error, encoding=self.conn.info.encoding)
        return answer


class _Answers(_Sent):
    """Statements sent as one simple-protocol message; ``parse`` gets each statement's rows (tuples, values
    loaded by psycopg's adapters) once all have arrived."""

    def __init__(self, conn, query: bytes, parse):
        conn.pgconn.send_query(query)
        super().__init__(conn)
        self.parse = parse
        self.results: list = []

    def step(self):
        for result in self._arrived():
            if result is None:  # the whole message has been answered
                return self._end(self.parse([self._rows(r) for r in self.results]))
            self.results.append(result)
        return None

    def _rows(self, result) -> list[tuple]:
        if result.status != TUPLES_OK:
            return []
        tx = Transformer(self.conn)
        tx.set_pgresult(result)
        return tx.load_rows(0, result.ntuples, tuple)


class _Finishing(_Sent):
    """Reads the pipeline's results as they arrive: the INSERTs' ``seq``, then the COMMIT, then the sync,
    after which the connection leaves pipeline mode."""

    def __init__(self, conn):
        super().__init__(conn)
        self.seqs: list[int] = []

    def step(self) -> list[int] | None:
        for result in self._arrived():
            if result is None:  # the end of one statement's results
                continue
            if result.status == PIPELINE_SYNC:
                self.pg.exit_pipeline_mode()
                return self._end(self.seqs)
            if result.status == TUPLES_OK:
                self.seqs.append(int(result.get_value(0, 0)))
        return None
