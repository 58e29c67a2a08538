"""The vote ledger: one writer thread per process, group commit, exactly-once, durable before acknowledged.

The concurrency design (docs/voting.md "Concurrency"), in one place (style.md §8):

* **Single writer.** Every submission in this process goes through one queue to one writer thread that owns
  one database connection (Datasette's pattern).
* **Group commit.** The writer takes whatever is queued (up to ``max_batch`` submissions, waiting at most
  ``max_wait_ms`` for more) and applies the whole batch in **one** transaction; only after COMMIT returns does
  it acknowledge every request in the batch. A request is never answered before its vote is on disk
  (SQLite WAL + ``synchronous=FULL``; PostgreSQL with its default ``synchronous_commit=on``).
* **Exactly once.** Each submission carries an idempotency key, unique per (poll, channel). A key already in
  the ledger returns the original receipt when the request is the same, and ``idempotency_key_reused``
  otherwise; the unique index is the last word when two processes race on one key.
* **Exact limits.** Counters of every voter in the batch are locked before they are read (SQLite: the
  database write lock of ``BEGIN IMMEDIATE``; PostgreSQL: ``SELECT ... FOR UPDATE`` in sorted order), checked
  and written back in the same transaction as the vote rows, so limits hold with any number of processes.
* **Receipt time decides.** ``received_at`` is taken when the request reaches the server; the window is
  checked against it inside the batch transaction, with the poll's state read in that transaction.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import hashlib
import json
import queue
import threading
import time
from dataclasses import dataclass

import msgspec

from floorcraft.voting.backends.base import Backend, ChannelState
from floorcraft.voting.digest import vote_receipt
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

DEFAULT_MAX_BATCH = 4096
_encode = msgspec.json.Encoder().encode
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


def canonical_allocation(allocation: dict[str, int]) -> str:
    """The allocation as stored and hashed: JSON, keys sorted, no spaces."""
    return _encode(dict(sorted(allocation.items()))).decode()


def request_hash(poll_id: str, channel: str, voter_hash: str, allocation_json: str, amount) -> str:
    """What makes two requests "the same" for an idempotency key: everything but the receipt time."""
    text = f"{poll_id}\n{channel}\n{voter_hash}\n{allocation_json}\n{amount}"
    return hashlib.sha256(text.encode()).hexdigest()


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
    """A :class:`Submission` with its request hash; ``voter`` is already the keyed hash."""
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
        request_hash=request_hash(poll_id, channel, voter, allocation_json, amount),
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


class LostRace(Exception):
    """Another writer committed one of this batch's idempotency keys between our look-up and our insert
    (possible only on PostgreSQL with several processes): the batch is rolled back and applied again."""


def apply_batch(backend: Backend, conn, subs: list[Submission]) -> list[Outcome]:
    """Apply ``subs`` in one transaction and commit; one :class:`Outcome` per submission, in order."""
    backend.begin(conn)
    polls = backend.load_polls(conn, sorted({s.poll_id for s in subs}))
    outcomes: list[Outcome | None] = [_state_check(polls, s) for s in subs]
    rules: dict[tuple[str, str], ChannelRules] = {}
    lock_keys: set = set()
    alloc_keys: set = set()
    for s, early in zip(subs, outcomes, strict=True):
        if early is not None:
            continue
        r = rules.get((s.poll_id, s.channel))
        if r is None:
            r = rules[(s.poll_id, s.channel)] = rules_of(polls[s.poll_id].channels[s.channel], s.channel)
        if r.mode == Mode.ALLOCATION:
            lock_keys.add((s.poll_id, s.channel, s.voter_hash, ""))
            alloc_keys.add((s.poll_id, s.channel, s.voter_hash))
        elif r.cap is not None:
            lock_keys.update((s.poll_id, s.channel, s.voter_hash, k) for k in cap_keys(r, s.allocation))
    counters = backend.lock_counters(conn, sorted(lock_keys))
    existing = backend.find_votes(conn, [(s.poll_id, s.channel, s.idem_key) for s in subs])
    allocations = {k: json.loads(v) for k, v in backend.load_allocations(conn, sorted(alloc_keys)).items()}
    changed_counters: set = set()
    changed_allocations: dict = {}
    tally: dict[tuple[str, str, str], int] = collections.defaultdict(int)
    in_batch: dict[tuple[str, str, str], tuple[str, Outcome]] = {}
    rows: list[tuple] = []

    for i, s in enumerate(subs):
        if outcomes[i] is not None:
            continue
        key = (s.poll_id, s.channel, s.idem_key)
        outcomes[i] = _replay(existing.get(key), in_batch.get(key), s)
        if outcomes[i] is not None:
            continue
        r = rules[(s.poll_id, s.channel)]
        voter = (s.poll_id, s.channel, s.voter_hash)
        if r.cap is not None:
            used = {k: counters.get((*voter, k), 0) for k in cap_keys(r, s.allocation)}
            decision = check_cap(r, used, s.allocation)
            if not decision.accepted:
                outcomes[i] = _refuse("cap_exceeded", decision.message())
                continue
        allocation = s.allocation_json or canonical_allocation(s.allocation)
        total = sum(s.allocation.values())
        receipt = vote_receipt(s.poll_id, s.channel, s.idem_key, s.voter_hash, allocation, s.received_at)
        rows.append((*key, s.request_hash, s.voter_hash, s.ip, s.received_at, allocation, total))
        rows[-1] += (s.amount_cents, receipt)
        outcomes[i] = Outcome("accepted", receipt, s.received_at, total)
        in_batch[key] = (s.request_hash, Outcome("replayed", receipt, s.received_at, total))
        if r.mode == Mode.ALLOCATION:
            for couple, n in allocations.get(voter, {}).items():
                tally[(s.poll_id, s.channel, couple)] -= n
            allocations[voter] = s.allocation
            changed_allocations[voter] = (s.idem_key, allocation)
            counters[(*voter, "")] = total
            changed_counters.add((*voter, ""))
        elif r.cap is not None:
            for k, n in cap_keys(r, s.allocation).items():
                counters[(*voter, k)] = counters.get((*voter, k), 0) + n
                changed_counters.add((*voter, k))
        for couple, n in s.allocation.items():
            tally[(s.poll_id, s.channel, couple)] += n

    if backend.insert_votes(conn, rows) != len(rows):  # the unique index saw a key we did not
        raise LostRace()
    backend.write_counters(conn, [(*k, counters[k]) for k in sorted(changed_counters)])
    backend.write_allocations(conn, [(*k, key, a) for k, (key, a) in sorted(changed_allocations.items())])
    backend.add_tallies(conn, [(*k, n) for k, n in sorted(tally.items()) if n])
    conn.commit()
    return outcomes


def _replay(stored, batched, s: Submission) -> Outcome | None:
    """A retry: the original receipt if the request is the same, else ``idempotency_key_reused``."""
    if stored is not None:
        if stored.request_hash != s.request_hash:
            return _refuse(
                "idempotency_key_reused", f"idempotency key {s.idem_key!r} was used for another vote"
            )
        return Outcome("replayed", stored.receipt, stored.received_at, stored.total)
    if batched is not None:
        if batched[0] != s.request_hash:
            return _refuse(
                "idempotency_key_reused", f"idempotency key {s.idem_key!r} was used for another vote"
            )
        return batched[1]
    return None


class Ledger:
    """The process's single writer. ``await ledger.submit(subs)`` (asyncio) or ``ledger.submit_sync(subs)``;
    both return one :class:`Outcome` per submission once the batch holding them has committed."""

    def __init__(
        self,
        backend: Backend,
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
        max_wait_ms: float = DEFAULT_MAX_WAIT_MS,
        retries: int = 5,
    ):
        self.backend = backend
        self.max_batch = max_batch
        self.max_wait = max_wait_ms / 1000
        self.retries = retries
        self.batches = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._conn = self._proxy = None
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
        one event-loop iteration go to the writer thread together (one wake-up of the writer, not one per
        request: waking a thread costs more than deciding a vote)."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._ensure_started()
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = []
            loop.call_soon(self._flush, loop)
        pending.append((subs, fut, loop))
        return await fut

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
        self._drop_connection()

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._proxy.invalidate()
            self._conn = self._proxy = None

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
                n += len(group[0])
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
            subs = [s for g in groups for s in g[0]]
            try:
                outcomes = self._commit(subs)
            except Exception as exc:  # the batch did not commit: nobody is acknowledged
                outcomes = [
                    _refuse("unavailable", f"ledger write failed: {type(exc).__name__}: {exc}")
                ] * len(subs)
            self._resolve(groups, outcomes)

    def _commit(self, subs: list[Submission]) -> list[Outcome]:
        for attempt in range(self.retries):
            try:
                if self._conn is None:
                    self._proxy, self._conn = self.backend.connect()
                outcomes = apply_batch(self.backend, self._conn, subs)
                self.batches += 1
                return outcomes
            except Exception as exc:
                retryable = isinstance(exc, LostRace) or self.backend.is_retryable(exc)
                retry = retryable and attempt < self.retries - 1
                try:
                    self._conn.rollback()
                except Exception:
                    self._conn = None
                if not retry:
                    self._drop_connection()  # a fresh connection for the next batch
                    raise
                time.sleep(0.005 * (attempt + 1))
        raise AssertionError("unreachable")

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


def _set_results(items) -> None:
    for fut, part in items:
        if not fut.done():
            fut.set_result(part)
