"""The server's writer on its event loop (``Ledger(inline=True)``) next to the writer thread of the same
process: two writers of one database whose books must agree, a batch per loop callback, and a clean close."""

import asyncio
import threading

from voting_helpers import make_poll, sub

from floorcraft.voting import tally
from floorcraft.voting.backends.base import Done
from floorcraft.voting.ledger import _Writer


def test_the_loop_writer_and_the_thread_writer_share_one_cap(service):
    """DWTS: 10 votes per method. Votes of one voter go in through both writers at once; neither writer can
    see the other's votes except through the journal, so an over-allowance would show here."""
    p = make_poll(service.engine)
    assert service.ledger.inline
    results = []

    def from_thread():
        for i in range(12):
            results.extend(service.ledger.submit_sync([sub(p, f"t{i}", "+15550001", {"c1": 1})]))

    async def from_loop():
        outs = await asyncio.gather(
            *(service.ledger.submit([sub(p, f"l{i}", "+15550001", {"c2": 1})]) for i in range(12))
        )
        results.extend(o for out in outs for o in out)

    thread = threading.Thread(target=from_thread)
    thread.start()
    asyncio.run(from_loop())
    thread.join()
    assert sum(o.status == "accepted" for o in results) == 10
    assert {o.code for o in results if not o.ok} == {"cap_exceeded"}
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)


def test_a_retry_through_the_other_writer_is_a_replay(service):
    p = make_poll(service.engine)

    async def cast():
        return await service.ledger.submit([sub(p, "k", "+15550002", {"c3": 2})])

    (first,) = asyncio.run(cast())
    (again,) = service.ledger.submit_sync([sub(p, "k", "+15550002", {"c3": 2})])
    assert first.status == "accepted" and again.status == "replayed" and again.receipt == first.receipt


def test_a_backlog_larger_than_a_batch_is_answered_batch_by_batch(store):
    from voting_helpers import SECRETS

    from floorcraft.voting.service import VotingService

    service = VotingService(store, SECRETS, rate_limits=None, max_batch=3)
    try:
        p = make_poll(service.engine)

        async def many():
            return await asyncio.gather(
                *(service.ledger.submit([sub(p, f"k{i}", f"+1555{i:07d}", {"c1": 1})]) for i in range(10))
            )

        outs = asyncio.run(many())
    finally:
        service.ledger.close()
    assert [o.status for (o,) in outs] == ["accepted"] * 10
    assert tally.recount(store, p)["total"] == {"c1": 10}


def test_closing_answers_whatever_still_waits_as_unavailable(service):
    p = make_poll(service.engine)

    async def submit_then_close():
        task = asyncio.ensure_future(service.ledger.submit([sub(p, "late", "+15550003", {"c1": 1})]))
        await asyncio.sleep(0)  # queued, its batch not yet due (max_wait_ms)
        service.ledger.close()
        return await task

    (out,) = asyncio.run(submit_then_close())
    assert out.status == "rejected" and out.code == "unavailable"
    assert tally.recount(service.engine, p)["total"] == {}


def test_a_restarted_server_preloads_its_books_and_goes_on_exactly(store):
    """Votes written by one server; a second one (a restart) preloads the open poll's books before any vote
    arrives, then a retry is a replay and the cap continues where it was — also for a vote another writer
    commits between the preload and the first batch."""
    from voting_helpers import SECRETS

    from floorcraft.voting.service import VotingService

    p = make_poll(store)
    first = VotingService(store, SECRETS, rate_limits=None)
    try:
        before = first.ledger.submit_sync([sub(p, f"k{i}", "+15550004", {"c1": 1}) for i in range(8)])
    finally:
        first.ledger.close()
    restarted = VotingService(store, SECRETS, rate_limits=None)
    other = VotingService(store, SECRETS, rate_limits=None)
    try:

        async def run():
            loaded = await restarted.preload()
            (between,) = other.ledger.submit_sync([sub(p, "k8", "+15550004", {"c2": 1})])
            outs = await asyncio.gather(
                restarted.ledger.submit([sub(p, "k0", "+15550004", {"c1": 1})]),
                restarted.ledger.submit([sub(p, "k9", "+15550004", {"c3": 1})]),
                restarted.ledger.submit([sub(p, "k10", "+15550004", {"c3": 1})]),
            )
            return loaded, between, [o for (o,) in outs]

        loaded, between, (retry, ninth, eleventh) = asyncio.run(run())
    finally:
        restarted.ledger.close()
        other.ledger.close()
    assert loaded == 8 and between.status == "accepted"
    assert retry.status == "replayed" and retry.receipt == before[0].receipt
    assert ninth.status == "accepted"  # the 10th vote of the cap (8 + "k8" + this)
    assert eleventh.code == "cap_exceeded"


def test_a_writer_that_reads_ahead_still_sees_what_commits_before_it_locks(service):
    """Once a writer has seen other writers' rows it reads the journal *before* queuing for the write lock
    (ledger.batch_steps). A row committed between that read and the lock must still count: here another
    writer takes the voter's last vote of the cap in exactly that gap."""
    p = make_poll(service.engine)
    backend = service.ledger.backend
    a, b = _Writer(backend.clone(), 3), _Writer(backend.clone(), 3)
    voter = "+15550003"
    assert a.commit([sub(p, "a1", voter, {"c1": 4})])[0].ok
    assert b.commit([sub(p, "b1", voter, {"c2": 1})])[0].ok  # b starts: its books load a1
    assert a.commit([sub(p, "a2", voter, {"c1": 3})])[0].ok
    assert not b.books.others
    assert b.commit([sub(p, "b2", voter, {"c2": 1})])[0].ok  # b catches up a2 under the lock
    assert b.books.others  # b has seen another writer: it reads ahead from now on
    read_ahead = b.backend.send_journal_since
    calls = []

    def send_journal_since(conn, seq):
        rows = read_ahead(conn, seq).wait()
        if not calls:  # between b's read-ahead and its lock, a takes the last vote of the cap
            assert a.commit([sub(p, "a3", voter, {"c3": 1})])[0].ok
        calls.append(seq)
        return Done(rows)

    b.backend.send_journal_since = send_journal_since
    (late,) = b.commit([sub(p, "b3", voter, {"c2": 1})])
    assert calls  # the read-ahead ran
    assert late.code == "cap_exceeded"  # 4 + 1 + 3 + 1 + 1 = 10 used
    assert tally.recount(service.engine, p)["by_channel"] == tally.running_totals(service.engine, p)
    a.close()
    b.close()
