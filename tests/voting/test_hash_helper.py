"""The SMS hashing helper process (voting/hash_helper.py): it gives exactly the hashes the event loop would,
and no batch depends on it — one it cannot take (small, switched off, another loop's, the helper killed,
hung or closed) is hashed on the loop with the same result."""

from __future__ import annotations

import array
import asyncio
import fcntl
import os
import signal
import termios
import threading
import time

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from test_api import signed
from voting_helpers import SECRETS, make_poll

from floorcraft.voting import journal, tally
from floorcraft.voting.digest import canonical_allocation, vote_receipt
from floorcraft.voting.hash_helper import HashHelper
from floorcraft.voting.identity import voter_hash
from floorcraft.voting.service import VotingService
from floorcraft.voting.singles import sms_hashes

SECRET = b"k" * 32
AT = 1_790_000_000_000_000


def batch(n: int, tag: str = "m") -> tuple[list[str], list[str], list[str]]:
    """``n`` messages: keys, phones (some written with spaces and brackets, one not ASCII), couples."""
    keys = [f"{tag}{i}" for i in range(n)]
    phones = [f"+44 (7700) 9{i:05d}" if i % 3 else f"+4477009{i:05d}" for i in range(n)]
    phones[0] = "+４４ 7700 900000"  # full-width digits: the path for a number that is not ASCII
    couples = [f"c{i % 3 + 1}" for i in range(n)]
    return keys, phones, couples


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=20), st.sampled_from(["c1", "c2"])),
        max_size=20,
    )
)
def test_sms_hashes_are_each_messages_voter_hash_and_receipt(msgs):
    keys, phones, couples = ([m[i] for m in msgs] for i in range(3))
    voters, receipts = sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
    assert voters == [voter_hash(SECRET, "sms", p) for p in phones]
    assert receipts == [
        vote_receipt("p1", "sms", k, v, canonical_allocation({c: 1}), AT)
        for k, v, c in zip(keys, voters, couples, strict=True)
    ]


def test_the_helper_hashes_exactly_as_the_loop_does():
    helper = HashHelper(SECRET, min_batch=1)
    keys, phones, couples = batch(600)

    async def run():
        return await asyncio.gather(
            helper.sms("p1", "sms", AT, keys, phones, couples),
            helper.sms("p1", "sms", AT + 1, keys[:5], phones[:5], couples[:5]),
        )

    try:
        big, small = asyncio.run(run())
        pid = helper._link.proc.pid
    finally:
        helper.close()
    assert big == sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
    assert small == sms_hashes(SECRET, "p1", "sms", AT + 1, keys[:5], phones[:5], couples[:5])
    assert (helper.offloaded, helper.here) == (2, 0)
    assert not _alive(pid)  # closed with its service


def test_small_batches_and_a_switched_off_helper_hash_on_the_loop():
    keys, phones, couples = batch(10)
    small = HashHelper(SECRET, min_batch=11)
    off = HashHelper(SECRET, enabled=False, min_batch=1)
    for helper in (small, off):
        assert asyncio.run(helper.sms("p1", "sms", AT, keys, phones, couples)) == sms_hashes(
            SECRET, "p1", "sms", AT, keys, phones, couples
        )
        assert (helper.offloaded, helper.here, helper._link) == (0, 1, None)  # no process started


def test_a_killed_helper_loses_no_batch_and_is_started_again():
    helper = HashHelper(SECRET, min_batch=1, restart_after=0.0)
    keys, phones, couples = batch(2000)
    expected = sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)

    async def run():
        await helper.sms("p1", "sms", AT, keys[:1], phones[:1], couples[:1])  # started
        first = helper._link.proc
        waiting = [
            asyncio.ensure_future(helper.sms("p1", "sms", AT, keys, phones, couples)) for _ in range(3)
        ]
        await asyncio.sleep(0)  # sent
        first.send_signal(signal.SIGKILL)
        answers = await asyncio.gather(*waiting)
        again = await helper.sms("p1", "sms", AT, keys, phones, couples)
        return first, answers, again

    try:
        first, answers, again = asyncio.run(run())
        second = helper._link.proc
    finally:
        helper.close()
    assert answers == [expected] * 3 and again == expected
    assert first.returncode == -signal.SIGKILL  # reaped
    assert second.pid != first.pid
    assert helper.here >= 1  # the batches the killed helper held
    assert helper.offloaded >= 2  # the first, small batch, and the one after the restart


def test_a_whole_answer_waits_in_the_pipe_while_the_loop_is_busy():
    """The helper never sits blocked on a full pipe while the loop decides a ledger batch: the answer to a
    2,000-message batch (about 270 kB, four times the default pipe) is written whole before the loop reads."""
    helper = HashHelper(SECRET, min_batch=1)
    keys, phones, couples = batch(2000)
    expected = sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
    frame = 4 + len(msgspec.msgpack.encode((2, *expected)))  # the second request's answer

    def waiting(fd: int) -> int:
        count = array.array("i", [0])
        fcntl.ioctl(fd, termios.FIONREAD, count)
        return count[0]

    async def run():
        await helper.sms("p1", "sms", AT, keys[:1], phones[:1], couples[:1])  # started
        answer = asyncio.ensure_future(helper.sms("p1", "sms", AT, keys, phones, couples))
        await asyncio.sleep(0)  # sent
        out = helper._link.proc.stdout.fileno()
        deadline = time.monotonic() + 10
        while waiting(out) < frame and time.monotonic() < deadline:
            time.sleep(0.01)  # the loop is busy: nothing reads the helper's answer
        return waiting(out), await answer

    try:
        in_pipe, answer = asyncio.run(run())
    finally:
        helper.close()
    assert frame > 4 * 65536
    assert in_pipe == frame
    assert answer == expected


def test_a_helper_that_does_not_answer_is_stopped_and_the_batch_hashed_on_the_loop():
    helper = HashHelper(SECRET, min_batch=1, timeout=0.3, restart_after=60)
    keys, phones, couples = batch(300)

    async def run():
        await helper.sms("p1", "sms", AT, keys[:1], phones[:1], couples[:1])
        hung = helper._link.proc
        os.kill(hung.pid, signal.SIGSTOP)
        return hung, await helper.sms("p1", "sms", AT, keys, phones, couples)

    try:
        hung, answer = asyncio.run(run())
        assert answer == sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
        assert hung.returncode is not None and helper._link is None  # stopped, and not restarted yet
        assert asyncio.run(helper.sms("p1", "sms", AT, keys, phones, couples)) == answer
        assert helper._link is None  # within restart_after: still on the loop
    finally:
        helper.close()


def test_a_fault_in_the_helpers_plumbing_costs_no_batch(monkeypatch):
    from floorcraft.voting import hash_helper

    async def broken(self, request):
        raise RuntimeError("pipe in a bad state")

    monkeypatch.setattr(hash_helper._Link, "ask", broken)
    helper = HashHelper(SECRET, min_batch=1)
    keys, phones, couples = batch(20)
    try:
        answer = asyncio.run(helper.sms("p1", "sms", AT, keys, phones, couples))
    finally:
        helper.close()
    assert answer == sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
    assert (helper.offloaded, helper.here) == (0, 1)


def test_a_helper_that_cannot_start_leaves_the_batches_to_the_loop_and_is_tried_again(monkeypatch):
    from floorcraft.voting import hash_helper

    tries = []

    def no_processes(*args, **kwargs):
        tries.append(args)
        raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(hash_helper.subprocess, "Popen", no_processes)
    helper = HashHelper(SECRET, min_batch=1, restart_after=60)
    keys, phones, couples = batch(20)
    expected = sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)

    async def run():
        first = await helper.sms("p1", "sms", AT, keys, phones, couples)
        second = await helper.sms("p1", "sms", AT, keys, phones, couples)  # within restart_after: no try
        helper.restart_after, helper._retry_at = 0.0, 0.0
        third = await helper.sms("p1", "sms", AT, keys, phones, couples)
        return [first, second, third]

    try:
        assert asyncio.run(run()) == [expected] * 3
    finally:
        helper.close()
    assert len(tries) == 2 and (helper.offloaded, helper.here) == (0, 3)


def test_another_loops_batches_are_hashed_where_they_are():
    helper = HashHelper(SECRET, min_batch=1)
    keys, phones, couples = batch(50)
    owner = asyncio.new_event_loop()
    thread = threading.Thread(target=owner.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(helper.sms("p1", "sms", AT, keys, phones, couples), owner).result(30)
        assert helper.offloaded == 1
        answer = asyncio.run(helper.sms("p1", "sms", AT, keys, phones, couples))  # a second, running loop
        assert answer == sms_hashes(SECRET, "p1", "sms", AT, keys, phones, couples)
        assert (helper.offloaded, helper.here) == (1, 1)
    finally:
        helper.close()
        owner.call_soon_threadsafe(owner.stop)
        thread.join(5)
        owner.close()


def test_an_sms_batch_hashed_by_the_helper_is_stored_with_the_voter_hashes_and_receipts_of_the_rules(store):
    """Through the API: every stored vote's voter hash is its phone's, and its receipt recomputes from
    what the journal holds and checks out (docs/voting.md §1)."""
    from starlette.testclient import TestClient

    from floorcraft.web.app import create_app

    service = VotingService(store, SECRETS, rate_limits=None)
    service.hashes.min_batch = 100
    make_poll(service.engine)  # every phone once: within the cap
    keys, phones, couples = batch(300)
    msgs = [{"id": k, "sender": p, "couple": c} for k, p, c in zip(keys, phones, couples, strict=True)]
    try:
        with TestClient(create_app(service=service)) as client:
            answer = signed(client, "/api/webhooks/sms/w1", {"batch_id": "b1", "messages": msgs}, SECRETS.sms)
            assert answer.status_code == 200, answer.text
            assert answer.json()["accepted"] == 300
            assert service.hashes.offloaded == 1
            receipts = [r["receipt"] for r in answer.json()["results"]]
            with store.connect() as conn:
                votes = list(journal.poll_votes(conn, "w1", "sms"))
            assert [v.receipt for v in votes] == receipts
            assert [v.voter_hash for v in votes] == [voter_hash(SECRETS.voter, "sms", p) for p in phones]
            for v in votes:
                fields = (v.idem_key, v.voter_hash, v.allocation, v.received_at)
                assert v.receipt == vote_receipt("w1", "sms", *fields)
            assert tally.verify_receipt(service.engine, receipts[-1])["counted"]
            assert msgspec.json.decode(answer.content)["batch_id"] == "b1"
    finally:
        service.close()


def _alive(pid: int) -> bool:
    """Running (an exited process that nobody has reaped yet, a zombie, is not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_helper_ends_with_its_server_process(tmp_path):
    """A server process killed outright (no shutdown) leaves no helper behind: it stops when its stdin
    closes."""
    import subprocess
    import sys
    import time

    script = (
        "import asyncio, os, sys\n"
        "from floorcraft.voting.hash_helper import HashHelper\n"
        "h = HashHelper(b'k' * 32, min_batch=1)\n"
        "asyncio.run(h.sms('p1', 'sms', 1, ['a'], ['+1'], ['c1']))\n"
        "print(h._link.proc.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    server = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid = int(server.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
