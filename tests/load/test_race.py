"""Race: many concurrent clients of one voter near the limit never exceed it (SQLite and PostgreSQL).

Several ledgers, each with its own writer thread and database connection, stand for several server
processes sharing one database; clients hit them all at once with distinct idempotency keys.
"""

import random
import threading

import pytest
from voting_helpers import make_poll, sub

from floorcraft.store.db import open_store
from floorcraft.voting import polls, tally
from floorcraft.voting.backends import backend_for
from floorcraft.voting.ledger import Ledger

WRITERS = 4
CLIENTS = 16
TRIES = 12


def hammer(ledgers, make, voters):
    results, lock = [], threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(n):
        rng = random.Random(n)
        start.wait()
        for i in range(TRIES):
            s = make(f"c{n}-{i}", rng.choice(voters), {rng.choice(["c1", "c2", "c3"]): rng.randint(1, 3)})
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
        # one voter already near the limit, one fresh
        assert ledgers[0].submit_sync([sub(p, "warm", "+15550001", {"c1": 8})])[0].ok
        results = hammer(ledgers, lambda k, v, a: sub(p, k, v, a), ["+15550001", "+15550002"])
    finally:
        for led in ledgers:
            led.close()
    assert len(results) == CLIENTS * TRIES
    assert all(o.ok or o.code == "cap_exceeded" for _, o in results), {o.code for _, o in results}
    used: dict = {}
    for s, o in results:
        if o.ok:
            keys = s.allocation if cap_scope == "per_couple_per_method" else {"": sum(s.allocation.values())}
            for k, n in keys.items():
                used[(s.voter_hash, k)] = used.get((s.voter_hash, k), 0) + n
    warm = polls.voter_hash(b"v" * 32, "sms", "+15550001")
    used[(warm, "c1" if cap_scope == "per_couple_per_method" else "")] = (
        used.get((warm, "c1" if cap_scope == "per_couple_per_method" else ""), 0) + 8
    )
    assert max(used.values()) <= 10
    assert any(o.code == "cap_exceeded" for _, o in results)
    recount = tally.recount(engine, p)
    assert recount["by_channel"] == tally.running_totals(engine, p)
    accepted = sum(sum(s.allocation.values()) for s, o in results if o.ok) + 8
    assert sum(recount["total"].values()) == accepted
    assert recount["ledger_rows"] == 1 + sum(o.ok for _, o in results)
    engine.dispose()


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
