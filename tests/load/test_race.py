"""Race: many concurrent clients of one voter near the limit never exceed it (SQLite and PostgreSQL).

Several ledgers, each with its own writer thread and database connection, stand for several server
processes sharing one database; clients hit them all at once with distinct idempotency keys.
"""

import asyncio
import random
import threading

import pytest
from voting_helpers import make_poll, sub

from floorcraft.store.db import open_store
from floorcraft.voting import identity, tally
from floorcraft.voting.backends import backend_for
from floorcraft.voting.ledger import Ledger

WRITERS = 4
CLIENTS = 16
TRIES = 12


VOTERS = ["+15550001", "+15550002"]  # one already near the limit (8 of 10 in "c1"), one fresh


def random_vote(rng: random.Random, p: str, key: str):
    return sub(p, key, rng.choice(VOTERS), {rng.choice(["c1", "c2", "c3"]): rng.randint(1, 3)})


def hammer(ledgers, p: str):
    results, lock = [], threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(n):
        rng = random.Random(n)
        start.wait()
        for i in range(TRIES):
            s = random_vote(rng, p, f"c{n}-{i}")
            (out,) = ledgers[(n + i) % len(ledgers)].submit_sync([s])
            with lock:
                results.append((s, out))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.parametrize("cap_scope", ["per_method", "per_couple_per_method"])
def test_one_voter_never_exceeds_the_cap_under_concurrency(database_url, cap_scope):
    engine = open_store(database_url)
    p = make_poll(engine, cap_scope=cap_scope)
    ledgers = [Ledger(backend_for(engine), max_wait_ms=0.5) for _ in range(WRITERS)]
    try:
        assert ledgers[0].submit_sync([sub(p, "warm", VOTERS[0], {"c1": 8})])[0].ok
        results = hammer(ledgers, p)
    finally:
        for led in ledgers:
            led.close()
    assert len(results) == CLIENTS * TRIES
    check_caps(engine, p, results, cap_scope)
    engine.dispose()


def test_writers_on_event_loops_keep_the_cap_exact(database_url):
    """As the server runs them: each writer applies its batches on its own event loop (``inline=True``),
    where a PostgreSQL batch's read-ahead, opening and end go out without blocking the loop, so the
    loops go on gathering votes while another writer holds the lock."""
    engine = open_store(database_url)
    p = make_poll(engine)
    ledgers = [Ledger(backend_for(engine), max_wait_ms=0.5, inline=True) for _ in range(WRITERS)]
    results, lock = [], threading.Lock()
    start = threading.Barrier(WRITERS)

    def serve(w: int) -> None:
        async def client(n: int) -> list:
            rng = random.Random(w * 100 + n)
            return [
                (s, (await ledgers[w].submit([s]))[0])
                for s in (random_vote(rng, p, f"w{w}-c{n}-{i}") for i in range(TRIES))
            ]

        async def main() -> None:
            start.wait()
            for part in await asyncio.gather(*(client(n) for n in range(CLIENTS // WRITERS))):
                with lock:
                    results.extend(part)

        asyncio.run(main())

    try:
        assert ledgers[0].submit_sync([sub(p, "warm", VOTERS[0], {"c1": 8})])[0].ok
        threads = [threading.Thread(target=serve, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        for led in ledgers:
            led.close()
    assert len(results) == CLIENTS * TRIES
    check_caps(engine, p, results, "per_method")
    engine.dispose()


def check_caps(engine, p: str, results: list, cap_scope: str) -> None:
    """Every answer is an acceptance or ``cap_exceeded``; no voter's use passes 10 (the warm-up's 8 votes
    for "c1" included); some were refused; the ledger, its recount and the running totals agree."""
    assert all(o.ok or o.code == "cap_exceeded" for _, o in results), {o.code for _, o in results}
    per_couple = cap_scope == "per_couple_per_method"
    warm = identity.voter_hash(b"v" * 32, "sms", VOTERS[0])
    used: dict = {(warm, "c1" if per_couple else ""): 8}
    for s, o in results:
        if o.ok:
            keys = s.allocation if per_couple else {"": sum(s.allocation.values())}
            for k, n in keys.items():
                used[(s.voter_hash, k)] = used.get((s.voter_hash, k), 0) + n
    assert max(used.values()) <= 10
    assert any(o.code == "cap_exceeded" for _, o in results)
    recount = tally.recount(engine, p)
    assert recount["by_channel"] == tally.running_totals(engine, p)
    accepted = sum(sum(s.allocation.values()) for s, o in results if o.ok) + 8
    assert sum(recount["total"].values()) == accepted
    assert recount["ledger_rows"] == 1 + sum(o.ok for _, o in results)


def test_retries_racing_on_one_key_through_several_writers_count_once(database_url):
    engine = open_store(database_url)
    p = make_poll(engine)
    ledgers = [Ledger(backend_for(engine), max_wait_ms=0.5) for _ in range(WRITERS)]
    try:
        barrier = threading.Barrier(CLIENTS)
        outs = []

        def client(n):
            barrier.wait()
            outs.append(ledgers[n % WRITERS].submit_sync([sub(p, "one-key", "+15550003", {"c2": 2})])[0])

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for led in ledgers:
            led.close()
    assert sorted(o.status for o in outs) == ["accepted"] + ["replayed"] * (CLIENTS - 1)
    assert len({o.receipt for o in outs}) == 1
    assert tally.recount(engine, p)["total"] == {"c2": 2}
    engine.dispose()
