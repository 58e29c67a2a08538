"""The server's PostgreSQL writer sends each batch's opening (BEGIN, the write lock, the reads) as one
message and its end (journal INSERTs, tallies, COMMIT) as one pipeline, and waits for neither
(``ledger.batch_steps``, ``Ledger._advance``): the event loop goes on serving while the batch queues for
the lock and while the database writes, and a batch's votes are answered only once its COMMIT has come
back — or, if it fails there, answered ``unavailable`` with nothing stored, or retried when the failure is
one to retry."""

import asyncio
import os
import socket
import threading
import time

import pytest
from voting_helpers import SECRETS, make_poll, sub

from floorcraft.voting import polls, tally
from floorcraft.voting.backends.postgres import LEDGER_LOCK, PostgresBackend
from floorcraft.voting.service import VotingService


@pytest.fixture
def service(postgres_store):
    # SMS batches hashed on the loop, as submitted: these tests arrange which submissions share a batch
    svc = VotingService(postgres_store, SECRETS, rate_limits=None, hash_helper=False)
    yield svc
    svc.ledger.close()


def _hold_tally_row(engine, poll_id: str, couple: str):
    """Another session locks one tally row: a batch adding to it waits at its tallies, before COMMIT."""
    conn = engine.raw_connection()
    cur = conn.cursor()
    cur.execute(
        "SELECT n FROM voting_tallies WHERE poll_id = %s AND couple_id = %s FOR UPDATE", (poll_id, couple)
    )
    assert cur.fetchone() is not None
    return conn


def _hold_write_lock(engine):
    """Another writer holds the ledger's lock: a batch waits at its opening."""
    conn = engine.raw_connection()
    conn.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (LEDGER_LOCK,))
    return conn


async def _in_flight(service) -> None:
    """Until the inline writer has sent a batch and waits for PostgreSQL's answer."""
    while service.ledger._sent is None:
        await asyncio.sleep(0.005)


def test_the_loop_serves_while_a_batch_commits_and_answers_only_after(service):
    p = make_poll(service.engine)
    assert service.ledger.submit_sync([sub(p, "k0", "+15550100", {"c1": 1})])[0].ok  # the tally row
    blocker = _hold_tally_row(service.engine, p, "c1")

    async def run():
        first = asyncio.ensure_future(service.ledger.submit([sub(p, "k1", "+15550101", {"c1": 1})]))
        ticks = 0
        for _ in range(20):  # 200 ms of other work on the loop while the batch waits at the database
            await asyncio.sleep(0.01)
            ticks += 1
        later = asyncio.ensure_future(service.ledger.submit([sub(p, "k2", "+15550102", {"c2": 1})]))
        await asyncio.sleep(0.05)
        in_flight = service.ledger._sent is not None
        waiting = (first.done(), later.done(), polls.vote_count(service.engine, p))
        blocker.rollback()
        return ticks, in_flight, waiting, await asyncio.wait_for(asyncio.gather(first, later), 10)

    try:
        ticks, in_flight, waiting, ((first,), (later,)) = asyncio.run(run())
    finally:
        blocker.close()
    assert ticks == 20 and in_flight
    assert waiting == (False, False, 1)  # neither answered, only k0 durable, the second batch not begun
    assert first.status == "accepted" and later.status == "accepted"
    assert polls.vote_count(service.engine, p) == 3
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)


def test_the_loop_serves_while_a_batch_queues_for_the_write_lock(service):
    """Another writer (a second server process) holds the ledger's lock for half a second: the batch waits
    for it at the database, not on the event loop, which keeps running; the vote is answered after the
    lock is released, and counts once."""
    p = make_poll(service.engine)
    other = _hold_write_lock(service.engine)
    released = threading.Event()

    def release():
        released.set()
        other.rollback()

    async def run():
        threading.Timer(0.5, release).start()
        vote = asyncio.ensure_future(service.ledger.submit([sub(p, "k1", "+15550601", {"c1": 1})]))
        await asyncio.sleep(0.02)  # the batch has gone to the database and waits for the lock
        ticks, answered_early = 0, False
        deadline = time.monotonic() + 10
        while not released.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # on a loop that waited for the lock, this returns after release
            ticks += not released.is_set()
            answered_early |= vote.done() and not released.is_set()
        return ticks, answered_early, await asyncio.wait_for(vote, 10)

    try:
        ticks, answered_early, (out,) = asyncio.run(run())
    finally:
        other.close()
    assert ticks >= 10 and not answered_early
    assert out.status == "accepted"
    assert polls.vote_count(service.engine, p) == 1
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)


def test_a_batch_that_fails_at_the_database_acknowledges_nobody_and_the_next_goes_on(service, monkeypatch):
    p = make_poll(service.engine)
    monkeypatch.setattr(PostgresBackend, "_tallies_sql", lambda self, conn: b"SELECT 1 / 0")

    async def cast(*subs):
        return await service.ledger.submit(list(subs))

    failed = asyncio.run(cast(sub(p, "a", "+15550201", {"c1": 1}), sub(p, "b", "+15550202", {"c2": 2})))
    assert [o.code for o in failed] == ["unavailable", "unavailable"]
    assert "DivisionByZero" in failed[0].message
    assert polls.vote_count(service.engine, p) == 0  # the journal INSERT was rolled back with the batch
    monkeypatch.undo()
    retried = asyncio.run(cast(sub(p, "a", "+15550201", {"c1": 1}), sub(p, "b", "+15550202", {"c2": 2})))
    assert [o.status for o in retried] == ["accepted", "accepted"]  # a first write, not a replay
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)


def test_a_deadlock_at_the_end_of_a_batch_is_retried_and_counted_once(service, monkeypatch):
    p = make_poll(service.engine)
    real = PostgresBackend._tallies_sql
    raised = []

    def deadlock_once(self, conn):
        if raised:
            return real(self, conn)
        raised.append(True)
        return b"DO $$BEGIN RAISE EXCEPTION 'test' USING ERRCODE = 'deadlock_detected'; END$$"

    monkeypatch.setattr(PostgresBackend, "_tallies_sql", deadlock_once)

    async def cast():
        return await service.ledger.submit([sub(p, "a", "+15550301", {"c3": 2})])

    (out,) = asyncio.run(cast())
    assert raised and out.status == "accepted"
    assert polls.vote_count(service.engine, p) == 1
    assert tally.running_totals(service.engine, p) == {"sms": {"c3": 2}}
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)


@pytest.mark.parametrize("waiting_at", ["the write lock", "its tallies"])
def test_closing_lands_the_batch_in_flight_before_it_answers(service, waiting_at):
    p = make_poll(service.engine)
    assert service.ledger.submit_sync([sub(p, "k0", "+15550400", {"c1": 1})])[0].ok
    if waiting_at == "the write lock":
        blocker = _hold_write_lock(service.engine)
    else:
        blocker = _hold_tally_row(service.engine, p, "c1")

    async def run():
        task = asyncio.ensure_future(service.ledger.submit([sub(p, "k1", "+15550401", {"c1": 1})]))
        await _in_flight(service)
        threading.Timer(0.2, blocker.rollback).start()
        service.ledger.close()  # waits for what the other session holds up, then the COMMIT
        return await task

    try:
        (out,) = asyncio.run(run())
    finally:
        blocker.close()
    assert out.status == "accepted"
    assert polls.vote_count(service.engine, p) == 2


def test_a_batch_larger_than_the_sockets_buffers_is_sent_as_the_socket_drains(service, monkeypatch):
    """A pipeline the socket cannot take at once: another session holds the journal in EXCLUSIVE mode
    (reads go on, INSERTs wait), so PostgreSQL stops reading after the first INSERT, a small SMS batch of
    poll ``a``, and the second, 4,000 messages of poll ``b`` (about 500 kB), stays in the socket's buffers
    (ours shrunk to 32 kB). The loop sends the rest whenever the socket is writable again
    (``Exchange.sending``), while it goes on running."""
    from floorcraft.voting.backends import postgres

    a, b = make_poll(service.engine, "a"), make_poll(service.engine, "b")
    real_connect, real_init = PostgresBackend.connect, postgres._Finishing.__init__
    started = []

    def connect(self):
        proxy, conn = real_connect(self)
        with socket.socket(fileno=os.dup(conn.pgconn.socket)) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 * 1024)
        return proxy, conn

    def init(self, conn):
        real_init(self, conn)
        started.append(self.sending)

    monkeypatch.setattr(PostgresBackend, "connect", connect)
    monkeypatch.setattr(postgres._Finishing, "__init__", init)
    n = 4_000
    ids, phones = [f"m{i}" for i in range(n)], [f"+1555{i:07d}" for i in range(n)]
    blocker = service.engine.raw_connection()
    blocker.cursor().execute("LOCK TABLE voting_journal IN EXCLUSIVE MODE")

    async def run():
        small = asyncio.ensure_future(service.sms_batch(a, ["s1"], ["+15559999"], ["c3"]))
        big = asyncio.ensure_future(service.sms_batch(b, ids, phones, ["c1", "c2"] * (n // 2)))
        await _in_flight(service)
        await asyncio.sleep(0.2)  # the loop runs on while the pipeline waits to be sent
        waiting = (small.done(), big.done())
        blocker.rollback()
        return waiting, await asyncio.wait_for(asyncio.gather(small, big), 30)

    try:
        waiting, (small, big) = asyncio.run(run())
    finally:
        blocker.close()
    assert started == [True] and waiting == (False, False)
    assert small == (["accepted"], small[1], [None])
    statuses, receipts, codes = big
    assert statuses == ["accepted"] * n and codes == [None] * n and len(set(receipts)) == n
    assert polls.vote_count(service.engine, b) == n
    assert tally.running_totals(service.engine, b) == {"sms": {"c1": n // 2, "c2": n // 2}}


@pytest.mark.parametrize("waiting_at", ["the write lock", "its tallies"])
def test_a_connection_lost_while_a_batch_is_in_flight_acknowledges_nobody_and_the_next_goes_on(
    service, waiting_at
):
    """The writer's session is terminated while its batch waits (as when PostgreSQL restarts), at its
    opening or at its end: the batch was never committed, so its votes are answered ``unavailable``; the
    writer reconnects for the next batch, and the retry is a first write."""
    p = make_poll(service.engine)
    assert service.ledger.submit_sync([sub(p, "k0", "+15550500", {"c1": 1})])[0].ok
    if waiting_at == "the write lock":
        blocker = _hold_write_lock(service.engine)
    else:
        blocker = _hold_tally_row(service.engine, p, "c1")

    async def cast(key):
        return await service.ledger.submit([sub(p, key, "+15550501", {"c1": 1})])

    async def run():
        task = asyncio.ensure_future(cast("k1"))
        await _in_flight(service)
        writer_pid = service.ledger._inline.conn.info.backend_pid
        killer = service.engine.raw_connection()
        killer.cursor().execute("SELECT pg_terminate_backend(%s)", (writer_pid,))
        killer.close()
        (lost,) = await asyncio.wait_for(task, 10)
        blocker.rollback()
        (retried,) = await cast("k1")
        return lost, retried

    try:
        lost, retried = asyncio.run(run())
    finally:
        blocker.close()
    assert lost.status == "rejected" and lost.code == "unavailable"
    assert retried.status == "accepted"
    assert polls.vote_count(service.engine, p) == 2
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)
