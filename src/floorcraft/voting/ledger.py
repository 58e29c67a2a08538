"""The vote ledger: one writer thread per process, group commit, exactly-once, durable before acknowledged.

The concurrency design (docs/voting.md "Concurrency"), in one place (style.md §8):

* **Single writer.** Every submission in this process goes through one queue to one writer thread that owns
  one database connection (Datasette's pattern).
* **Group commit.** The writer takes whatever is queued (up to ``max_batch`` submissions, waiting at most
  ``max_wait_ms`` for more) and applies the whole batch in **one** transaction; only after COMMIT returns does
  it acknowledge every request in the batch. A request is never answered before its vote is on disk
  (SQLite WAL + ``synchronous=FULL``; PostgreSQL with its default ``synchronous_commit=on``).
* **One writer at a time per database.** A batch holds the database's write lock from its first read to its
  COMMIT (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory transaction lock), so batches of several
  server processes apply one after another, each against the complete ledger.
* **Journal and books.** Accepted votes are appended as one journal row per (poll, channel) per batch
  (``voting/journal.py``); what a decision needs — used idempotency keys, each voter's use of the cap, each
  voter's latest allocation — the writer keeps in memory as books derived from the journal, brought up to
  date at the start of each batch with the rows other processes committed since.
* **Exactly once.** Each submission carries an idempotency key, unique per (poll, channel). A key already in
  the ledger returns the original receipt when the request is the same (voter, allocation, amount), and
  ``idempotency_key_reused`` otherwise.
* **Exact limits.** A voter's use of a cap is checked against the book, under the write lock, and recorded in
  the same transaction as the vote, so limits hold with any number of processes. A batch that fails drops
  the books; the next one reloads them from the journal.
* **Receipt time decides.** ``received_at`` is taken when the request reaches the server; the window is
  checked against it inside the batch transaction, with the poll's state read in that transaction.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import queue
import threading
import time
from dataclasses import dataclass

from floorcraft.voting.backends.base import Backend, ChannelState, Exchange, PollState
from floorcraft.voting.digest import canonical_allocation, vote_receipt
from floorcraft.voting.journal import Book, encode_records, pack_receipts
from floorcraft.voting.model import (
    CapScope,
    Channel,
    ChannelRules,
    Mode,
    Submission,
    Window,
    cap_keys,
    check_cap,
    is_open,
)
from floorcraft.voting.singles import Singles, SinglesOutcome, decide_singles

DEFAULT_MAX_BATCH = 4096
DEFAULT_MAX_WAIT_MS = 1.0


@dataclass(slots=True)
class Outcome:
    """The answer to one submission. ``status``: ``accepted``, ``replayed`` (a retry: the original receipt)
    or ``rejected`` (``code`` says why: ``window_closed``, ``channel_paused``, ``channel_voided``,
    ``cap_exceeded``, ``idempotency_key_reused``, ``not_found``, ``unavailable``)."""

    status: str
    receipt: str | None = None
    received_at: int | None = None
    total: int = 0
    code: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"


def now_us() -> int:
    return time.time_ns() // 1000


def make_submission(
    poll_id: str,
    channel: str,
    key: str,
    voter: str,
    allocation: dict[str, int],
    received_at: int,
    amount: int | None = None,
    ip: str | None = None,
) -> Submission:
    """A :class:`Submission` with its canonical allocation; ``voter`` is already the keyed hash."""
    allocation_json = canonical_allocation(allocation)
    return Submission(
        poll_id=poll_id,
        channel=Channel(channel),
        idem_key=key,
        voter_hash=voter,
        allocation=allocation,
        received_at=received_at,
        amount_cents=amount,
        ip=ip,
        allocation_json=allocation_json,
    )


def rules_of(state: ChannelState, channel: str) -> ChannelRules:
    return ChannelRules(
        channel=Channel(channel),
        cap=state.cap,
        cap_scope=CapScope(state.cap_scope),
        mode=Mode(state.mode),
        price_cents=state.price_cents,
        challenge=state.challenge,
    )


def _refuse(code: str, message: str) -> Outcome:
    return Outcome("rejected", code=code, message=message)


def _state_check(polls, s: Submission) -> Outcome | None:
    poll = polls.get(s.poll_id)
    if poll is None:
        return _refuse("not_found", f"poll {s.poll_id!r} does not exist")
    channel = poll.channels.get(s.channel)
    if channel is None:
        return _refuse("not_found", f"poll {s.poll_id!r} has no channel {s.channel!r}")
    if not is_open(Window(poll.opens_at, poll.closes_at), s.received_at):
        return _refuse("window_closed", f"poll {s.poll_id!r} was not open when the vote was received")
    if channel.voided:
        return _refuse("channel_voided", f"channel {s.channel!r} of poll {s.poll_id!r} is voided")
    if channel.paused:
        return _refuse("channel_paused", f"channel {s.channel!r} of poll {s.poll_id!r} is paused")
    return None


class Books:
    """The writer's :class:`~floorcraft.voting.journal.Book` per (poll, channel), and the last journal row it
    has seen. Owned by the writer thread; dropped whole when a batch fails (the next batch reloads from the
    journal, which is the only truth)."""

    def __init__(self):
        self.books: dict[tuple[str, str], Book] = {}
        self.last_seq: int | None = None
        self.others = False  # the last batch found rows of other writers (it read ahead or caught up)

    def reset(self) -> None:
        self.books.clear()
        self.last_seq = None
        self.others = False

    def catch_up(self, top: int | None, rows: list[tuple]) -> None:
        """Take in the journal rows other writers committed since our last batch (we hold the write lock:
        nothing new can appear until we commit); a writer that has not begun starts at ``top``."""
        if self.last_seq is None:
            self.books.clear()
            self.last_seq = top
            return
        for seq, poll_id, channel, records in rows:
            book = self.books.get((poll_id, channel))
            if book is not None:
                book.replay(records)
            self.last_seq = seq

    def advance(self, seqs: list[int]) -> None:
        """The batch that appended the journal rows ``seqs`` has committed."""
        if seqs:
            self.last_seq = max(self.last_seq, *seqs)

    def preload(self, backend: Backend, conn, polls: dict[str, PollState]) -> None:
        """Load the books of ``polls`` before the first batch, without the write lock (a server starting
        up): every journal row up to the last committed one, which the first batch's catch-up continues
        from. Only a writer that has not begun may preload."""
        if self.last_seq is not None:
            return
        upto = backend.journal_max(conn)
        for poll_id, poll in polls.items():
            for channel in poll.channels:
                self._load(backend, conn, poll_id, poll, channel, upto)
        self.last_seq = upto

    def get(self, backend: Backend, conn, poll_id: str, poll: PollState, channel: str) -> Book:
        book = self.books.get((poll_id, channel))
        if book is None:
            book = self._load(backend, conn, poll_id, poll, channel)
        return book

    def _load(self, backend: Backend, conn, poll_id: str, poll: PollState, channel: str, upto=None) -> Book:
        """One channel's book from every journal row of it (first use in this process), or from those up
        to ``upto``."""
        state = poll.channels[channel]
        book = Book(state.mode, state.cap_scope, state.cap is not None)
        for records in backend.journal_of(conn, poll_id, channel, upto):
            book.replay(records)
        self.books[(poll_id, channel)] = book
        return book


_UNCHECKED = object()


def batch_steps(backend: Backend, conn, books: Books, subs: list):
    """Apply ``subs`` in one transaction and commit; one :class:`Outcome` per submission, in order (a
    :class:`~floorcraft.voting.singles.Singles` batch gets one ``SinglesOutcome``, or one ``Outcome`` when
    the poll or channel refuses it whole). The accepted ones become one journal row per (poll, channel);
    ``books`` are updated as they are decided.

    A generator of the batch's exchanges with the database: it yields each
    :class:`~floorcraft.voting.backends.base.Exchange` and is sent its answer, and returns the outcomes.
    :func:`run_to_end` waits for each answer in turn; the server's event loop serves other requests until
    each one's socket is ready (``Ledger._advance``), so that it waits neither for the write lock, which
    batches of other processes may hold, nor for the COMMIT."""
    if books.others:
        # Other writers are active: take in what they have committed before queuing for the write lock
        # (committed rows are a prefix of the journal: every seq is drawn under the lock), so that the
        # catch-up under the lock is only what they commit meanwhile. Replaying a 2,000-message SMS row
        # takes a millisecond; under the lock it kept the other writers waiting.
        ahead = yield backend.send_journal_since(conn, books.last_seq)
        books.catch_up(None, ahead)
    else:
        ahead = []
    top, rows, polls = yield backend.send_open(conn, books.last_seq, sorted({s.poll_id for s in subs}))
    books.catch_up(top, rows)
    books.others = bool(ahead or rows)
    batch = _Batch(backend, conn, books, polls)
    outcomes = [batch.decide(s) for s in subs]
    journal = [
        (poll_id, channel, min(r[3] for r in records), encode_records(records), pack_receipts(receipts))
        for (poll_id, channel), (records, receipts) in batch.entries.items()
        if records
    ]
    backend.add_tallies(conn, [(*k, n) for k, n in sorted(batch.tally.items()) if n])
    books.advance((yield backend.send_finish(conn, journal)))
    return outcomes


def run_to_end(steps, answer=None):
    """Run the generator ``steps`` (:func:`batch_steps`) to its end here, blocking on each exchange (first
    sending it ``answer``); what it returns."""
    try:
        while True:
            answer = steps.send(answer).wait()
    except StopIteration as stop:
        return stop.value


class _Batch:
    """The decisions of one batch: what it has checked, and the journal entries and tallies it will write."""

    def __init__(self, backend: Backend, conn, books: Books, polls: dict[str, PollState]):
        self.backend, self.conn, self.books, self.polls = backend, conn, books, polls
        self.checked: dict[tuple, Outcome | None] = {}  # (poll, channel, received_at): window/pause/void
        self.rules: dict[tuple[str, str], tuple[ChannelRules, Book, tuple[list, list]]] = {}
        self.entries: dict[tuple[str, str], tuple[list, list]] = {}  # (poll, channel) -> records, receipts
        self.tally: dict[tuple[str, str, str], int] = collections.defaultdict(int)

    def _channel(self, s) -> tuple[ChannelRules, Book, tuple[list, list]] | Outcome:
        """The rules, book and journal entry of ``s``'s channel, or the refusal of the poll's state."""
        where = (s.poll_id, s.channel, s.received_at)
        early = self.checked.get(where, _UNCHECKED)
        if early is _UNCHECKED:
            early = self.checked[where] = _state_check(self.polls, s)
        if early is not None:
            return early
        pc = (s.poll_id, s.channel)
        rbe = self.rules.get(pc)
        if rbe is None:
            poll = self.polls[s.poll_id]
            rbe = self.rules[pc] = (
                rules_of(poll.channels[s.channel], s.channel),
                self.books.get(self.backend, self.conn, s.poll_id, poll, s.channel),
                self.entries.setdefault(pc, ([], [])),
            )
        return rbe

    def decide(self, s):
        rbe = self._channel(s)
        if isinstance(rbe, Outcome):
            return rbe
        if type(s) is Singles:
            return self._singles(s, *rbe)
        return self._one(s, *rbe)

    def _one(self, s: Submission, r: ChannelRules, book: Book, entry: tuple[list, list]) -> Outcome:
        allocation_json = s.allocation_json or canonical_allocation(s.allocation)
        prior = book.seen.get(s.idem_key)
        if prior is not None:
            return _replay(
                prior, s.poll_id, s.channel, s.idem_key, s.voter_hash, allocation_json, s.amount_cents
            )
        voter = s.voter_hash
        if r.cap is not None:
            refused = _cap_refusal(r, book, voter, s.allocation)
            if refused is not None:
                return refused
        total = sum(s.allocation.values())
        receipt = vote_receipt(s.poll_id, s.channel, s.idem_key, voter, allocation_json, s.received_at)
        tally = self.tally
        if r.mode == Mode.ALLOCATION:
            for couple, n in book.allocations.get(voter, {}).items():
                tally[(s.poll_id, s.channel, couple)] -= n
        book.record(s.idem_key, voter, allocation_json, s.amount_cents, s.received_at, total, s.allocation)
        entry[0].append((s.idem_key, voter, s.ip, s.received_at, allocation_json, total, s.amount_cents))
        entry[1].append(receipt)
        for couple, n in s.allocation.items():
            tally[(s.poll_id, s.channel, couple)] += n
        return Outcome("accepted", receipt, s.received_at, total)

    def _singles(self, s: Singles, r: ChannelRules, book: Book, entry: tuple[list, list]):
        if r.mode == Mode.ALLOCATION:  # each message replaces the voter's allocation: the general rules
            outcomes = [self._one(sub, r, book, entry) for sub in s.submissions()]
            return SinglesOutcome(
                [o.status for o in outcomes], [o.receipt for o in outcomes], [o.code for o in outcomes]
            )
        counts = dict.fromkeys(s.allocations, 0)
        outcome = decide_singles(
            s,
            book,
            r.cap,
            r.cap_scope == CapScope.PER_COUPLE_PER_METHOD,
            lambda voter, couple: _cap_refusal(r, book, voter, {couple: 1}),
            lambda prior, key, voter, allocation_json: _replay(
                prior, s.poll_id, s.channel, key, voter, allocation_json, None
            ),
            entry[0],
            entry[1],
            counts,
        )
        for couple, n in counts.items():
            self.tally[(s.poll_id, s.channel, couple)] += n
        return outcome


def _cap_refusal(r: ChannelRules, book: Book, voter: str, allocation: dict[str, int]) -> Outcome | None:
    if r.mode == Mode.ALLOCATION:
        decision = check_cap(r, {}, allocation)  # the new allocation replaces the old: only its own size
    else:
        keys = cap_keys(r, allocation)
        used = book.used
        if all(used.get((voter, k), 0) + n <= r.cap for k, n in keys.items()):
            return None
        decision = check_cap(r, {k: used.get((voter, k), 0) for k in keys}, allocation)
    return None if decision.accepted else _refuse("cap_exceeded", decision.message())


def _unavailable(exc: Exception, n: int) -> list[Outcome]:
    return [_refuse("unavailable", f"ledger write failed: {type(exc).__name__}: {exc}")] * n


def _votes(subs: list) -> int:
    """How many votes a group holds (a :class:`Singles` batch is many), for ``max_batch``."""
    return sum(len(s) if type(s) is Singles else 1 for s in subs)


def _replay(
    prior: tuple, poll_id: str, channel: str, key: str, voter: str, allocation_json: str, amount: int | None
) -> Outcome:
    """A retry: the original receipt if the request is the same (voter, allocation, amount; poll and
    channel are the book's), else ``idempotency_key_reused``."""
    stored_voter, stored_allocation, stored_amount, received_at, total = prior
    if stored_voter != voter or stored_allocation != allocation_json or stored_amount != amount:
        return _refuse("idempotency_key_reused", f"idempotency key {key!r} was used for another vote")
    receipt = vote_receipt(poll_id, channel, key, voter, stored_allocation, received_at)
    return Outcome("replayed", receipt, received_at, total)


class _Writer:
    """One writer's connection and books, and the retry loop around :func:`batch_steps`. Used from one
    thread only (the writer thread, or the event loop that owns the inline writer)."""

    def __init__(self, backend: Backend, retries: int):
        self.backend = backend
        self.retries = retries
        self.conn = self.proxy = None
        self.books = Books()

    def commit(self, subs: list[Submission], first_attempt: int = 0) -> list[Outcome]:
        """Apply and commit ``subs``; on a failure that outlasts the retries every one is ``unavailable``
        (nobody has been acknowledged)."""
        for attempt in range(first_attempt, self.retries):
            try:
                return run_to_end(self.steps(subs))
            except Exception as exc:
                if not self._recover(exc, attempt):
                    return _unavailable(exc, len(subs))
                time.sleep(0.005 * (attempt + 1))
        raise AssertionError("unreachable")

    def steps(self, subs: list[Submission]):
        """:func:`batch_steps` of ``subs`` on this writer's connection (made first if need be), for an
        owner that waits for each exchange itself; if it raises, the owner calls :meth:`failed`."""
        if self.conn is None:
            self.proxy, self.conn = self.backend.connect()
        return (yield from batch_steps(self.backend, self.conn, self.books, subs))

    def failed(self, subs: list[Submission], exc: Exception) -> list[Outcome]:
        """The first attempt at ``subs`` failed with ``exc``: the retries (waiting, as :meth:`commit`), or
        every submission ``unavailable`` when the failure is not one to retry."""
        if not self._recover(exc, 0):
            return _unavailable(exc, len(subs))
        time.sleep(0.005)
        return self.commit(subs, first_attempt=1)

    def _recover(self, exc: Exception, attempt: int) -> bool:
        """After a failed attempt: forget the books (the batch's decisions are in them but not in the
        journal) and roll back; whether to try again."""
        self.books.reset()
        retry = self.backend.is_retryable(exc) and attempt < self.retries - 1
        try:
            self.backend.rollback(self.conn)
        except Exception:
            self.drop()  # the connection is broken (or was never made)
        if not retry:
            self.drop()  # a fresh connection for the next batch
        return retry

    def preload(self, poll_ids: list[str]) -> int:
        """:meth:`Books.preload` for ``poll_ids``; how many votes the books took in."""
        if self.conn is None:
            self.proxy, self.conn = self.backend.connect()
        try:
            self.books.preload(self.backend, self.conn, self.backend.load_polls(self.conn, sorted(poll_ids)))
        finally:
            self.conn.rollback()  # end the read (PostgreSQL opened a transaction for it)
        return sum(len(b.seen) for b in self.books.books.values())

    def drop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.proxy.invalidate()
            self.conn = self.proxy = None
        self.books.reset()

    def close(self) -> None:
        self.drop()
        self.backend.close()


class Ledger:
    """The process's single writer. ``await ledger.submit(subs)`` (asyncio) or ``ledger.submit_sync(subs)``;
    both return one :class:`Outcome` per submission once the batch holding them has committed.

    Two ways to run the batches (docs/voting.md §4 item 3):

    * a **writer thread** (always there for ``submit_sync`` and other event loops), which gathers a batch for
      up to ``max_wait_ms``;
    * with ``inline=True``, **on the event loop** that submits first (the server's): the submissions that
      arrive within ``max_wait_ms`` of the first become one batch, applied on the loop thread. On SQLite
      the loop waits for the COMMIT (the fsync releases the GIL for the server's I/O threads); on
      PostgreSQL it sends the batch's opening (the write lock and the reads) and its end, and goes on
      serving until each answer arrives (:meth:`_advance`). Either way, requests arriving meanwhile join
      the next batch. This saves the hand-over to a second Python thread, which on a busy server waits for
      the GIL at every database call: 5 ms a time, 60 ms and more per batch measured. (Committing in a
      helper thread while the loop goes on was tried: the GIL hand-overs made it slower, 210 against 166
      µs of server CPU per vote.)

    Both writers of one process are separate writers of the database (own connection, own books, the same
    lock as writers of other processes), so they stay exact together.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
        max_wait_ms: float = DEFAULT_MAX_WAIT_MS,
        retries: int = 5,
        inline: bool = False,
    ):
        self.backend = backend
        self.max_batch = max_batch
        self.max_wait = max_wait_ms / 1000
        self.inline = inline
        self._writer = _Writer(backend, retries)
        self._inline: _Writer | None = None
        self._owner = None  # the event loop the inline writer belongs to
        self._inline_pending: collections.deque = collections.deque()
        self._sent: _Flight | None = None  # the inline batch on its way to the database
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._pending: dict = {}  # event loop -> groups submitted in its current iteration
        self._backlog: collections.deque = collections.deque()  # groups taken from the queue, not yet batched

    def _ensure_started(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="vote-ledger-writer", daemon=True)
                    self._thread.start()

    async def submit(self, subs: list[Submission]) -> list[Outcome]:
        """Queue ``subs`` (one group, decided in order) and wait for their batch to commit. The groups of
        one event-loop iteration go to the writer together (one wake-up of the writer thread, not one per
        request; or one inline batch)."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        if self.inline and self._owns(loop):
            if not self._inline_pending:
                loop.call_later(self.max_wait, self._flush_inline)
            self._inline_pending.append((subs, fut))
            return await fut
        self._ensure_started()
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = []
            loop.call_soon(self._flush, loop)
        pending.append((subs, fut, loop))
        return await fut

    async def preload(self, poll_ids: list[str]) -> int:
        """Load the books of ``poll_ids`` into this event loop's writer before votes arrive (a restarted
        server would otherwise load them in its first batch, holding the write lock: about 2 µs per vote).
        How many votes were loaded."""
        if not self.inline or not self._owns(asyncio.get_running_loop()):
            return 0
        return self._inline.preload(poll_ids)

    def _owns(self, loop) -> bool:
        if self._owner is loop:
            return True
        if self._owner is None or self._owner.is_closed():  # the first loop, or the owner is gone
            if self._sent is not None:
                self._land()
            if self._inline is not None:
                self._inline.drop()
            self._owner, self._inline = loop, _Writer(self.backend.clone(), self._writer.retries)
            return True
        return False

    def _flush_inline(self) -> None:
        """One batch of the waiting submissions (whole groups, at most ``max_batch`` votes unless one group is
        bigger); if more wait, the next batch runs after the loop has sent this one's answers and read new
        requests — never a run of batches that keeps the loop from answering."""
        pending = self._inline_pending
        if self._inline is None:  # closed (server shutting down): nobody waiting is acknowledged
            closed = [_refuse("unavailable", "the vote ledger is closed")]
            while pending:
                subs, fut = pending.popleft()
                if not fut.done():
                    fut.set_result(closed * len(subs))
            return
        if not pending or self._sent is not None:  # one batch in flight at a time: _advance comes back
            return
        chunk, n = [], 0
        while pending and n < self.max_batch:
            group = pending.popleft()
            chunk.append(group)
            n += _votes(group[0])
        self._apply_inline(chunk)  # when it is over, the next batch is called for (_advance)

    def _apply_inline(self, groups) -> None:
        """Run one batch on the loop: each exchange with the database is sent and the loop goes on serving
        (reading and hashing the next requests) until its answer is on the socket (:meth:`_on_ready`); the
        batch is answered once its COMMIT is back. A backend that blocks (SQLite) runs the batch through
        here and now."""
        subs = [s for g in groups for s in g[0]]
        self._sent = _Flight(groups, subs, self._inline.steps(subs))
        self._advance(None)

    def _advance(self, answer) -> None:
        """Give the batch in flight the ``answer`` it waits for and run it to its next exchange that is on
        its way (watch its socket), or to its end (answer the batch, start the next)."""
        flight = self._sent
        try:
            exchange = flight.steps.send(answer)
            while exchange.done:
                exchange = flight.steps.send(exchange.answer)
        except StopIteration as stop:
            outcomes = stop.value
        except Exception as exc:
            outcomes = self._inline.failed(flight.subs, exc)
        else:
            flight.exchange = exchange
            self._owner.add_reader(exchange.fileno(), self._on_ready)
            if exchange.sending:
                self._owner.add_writer(exchange.fileno(), self._on_ready)
            return
        self._over(flight, outcomes)

    def _over(self, flight: _Flight, outcomes: list) -> None:
        """The batch in flight is over: answer it and call for the next."""
        self._sent = None
        _answer(flight.groups, outcomes)
        if self._inline_pending:
            self._owner.call_soon(self._flush_inline)

    def _on_ready(self) -> None:
        """The socket of the batch in flight is ready: read what came back, and go on once the exchange's
        answer is complete (or has failed)."""
        flight = self._sent
        exchange = flight.exchange
        try:
            answer = exchange.step()
        except Exception as exc:
            self._unwatch(exchange)
            flight.steps.close()
            self._over(flight, self._inline.failed(flight.subs, exc))
            return
        if answer is None:
            if not exchange.sending:
                self._owner.remove_writer(exchange.fileno())
            return
        self._unwatch(exchange)
        self._advance(answer)

    def _unwatch(self, exchange: Exchange) -> None:
        with contextlib.suppress(Exception):  # a closed loop has nothing to remove
            self._owner.remove_reader(exchange.fileno())
            self._owner.remove_writer(exchange.fileno())

    def _land(self) -> None:
        """Complete the batch in flight here, waiting (the server is closing, or its loop has gone)."""
        flight, self._sent = self._sent, None
        self._unwatch(flight.exchange)
        try:
            outcomes = run_to_end(flight.steps, flight.exchange.wait())
        except Exception as exc:
            outcomes = self._inline.failed(flight.subs, exc)
        with contextlib.suppress(RuntimeError):  # the loop of the waiting requests is closed
            _answer(flight.groups, outcomes)

    def _flush(self, loop) -> None:
        self._queue.put(self._pending.pop(loop))

    def submit_sync(self, subs: list[Submission]) -> list[Outcome]:
        fut: concurrent.futures.Future = concurrent.futures.Future()
        self._ensure_started()
        self._queue.put([(subs, fut, None)])
        return fut.result()

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._inline is not None:
            if self._sent is not None:
                self._land()
            self._inline.close()
            self._inline = self._owner = None
        self._writer.close()

    def _collect(self):
        """The next batch: whole groups, in arrival order, until ``max_batch`` votes or ``max_wait`` passes;
        groups beyond ``max_batch`` wait in ``_backlog`` for the next batch. ``(groups, stop)``."""
        if not self._backlog:
            item = self._queue.get()
            if item is None:
                return [], True
            self._backlog.extend(item)
        groups, n = [], 0
        deadline = time.monotonic() + self.max_wait
        while True:
            while self._backlog and n < self.max_batch:
                group = self._backlog.popleft()
                groups.append(group)
                n += _votes(group[0])
            if n >= self.max_batch:
                return groups, False
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return groups, False
                try:
                    item = self._queue.get(timeout=remaining)
                except queue.Empty:
                    return groups, False
            if item is None:
                return groups, True
            self._backlog.extend(item)

    def _run(self) -> None:
        stop = False
        while not stop:
            groups, stop = self._collect()
            if not groups:
                break
            self._resolve(groups, self._writer.commit([s for g in groups for s in g[0]]))

    @staticmethod
    def _resolve(groups, outcomes) -> None:
        by_loop: dict = collections.defaultdict(list)
        i = 0
        for subs, fut, loop in groups:
            part = outcomes[i : i + len(subs)]
            i += len(subs)
            if loop is None:
                fut.set_result(part)
            else:
                by_loop[loop].append((fut, part))
        for loop, items in by_loop.items():
            with contextlib.suppress(RuntimeError):  # the loop is gone: its clients are too
                loop.call_soon_threadsafe(_set_results, items)


@dataclass(slots=True)
class _Flight:
    """The inline batch on its way: its requests (``groups``), submissions, the generator of its steps
    (:meth:`_Writer.steps`) and the exchange it waits for."""

    groups: list
    subs: list
    steps: object
    exchange: Exchange | None = None


def _answer(groups, outcomes) -> None:
    """Give each inline group its part of ``outcomes``."""
    i = 0
    for subs, fut in groups:
        if not fut.done():
            fut.set_result(outcomes[i : i + len(subs)])
        i += len(subs)


def _set_results(items) -> None:
    for fut, part in items:
        if not fut.done():
            fut.set_result(part)
