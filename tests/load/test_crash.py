"""Crash: retrying clients load the real server process, which is killed with SIGKILL mid-load and started
again. Every acknowledged vote is then in the ledger exactly once, no voter is over the cap, and the recount
equals the running tallies. Loopback only, bounded in time."""

import os
import signal
import subprocess
import sys
import threading
import time

import httpx

from floorcraft.store.db import open_store
from floorcraft.voting import journal, polls, tally
from floorcraft.voting.ledger import now_us
from floorcraft.voting.model import Channel, ChannelRules
from ports import free_port

CAP = 5
CLIENTS = 8
VOTES_PER_CLIENT = 40
VOTERS = 12
DEADLINE_S = 90
ENV = {
    "FLOORCRAFT_VOTER_SECRET": "crash-test-secret",
    "FLOORCRAFT_PRODUCER_TOKEN": "crash-token",
}


def start_server(db_url: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "floorcraft", "votes", "serve", "--db", db_url, "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--no-rate-limits"],
        env={**os.environ, **ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("server did not start")


def test_sigkill_mid_load_loses_and_doubles_nothing(database_url):
    engine = open_store(database_url)
    polls.create_poll(
        engine,
        poll_id="live",
        title="Live",
        choices=[("c1", "A"), ("c2", "B"), ("c3", "C")],
        channels=(ChannelRules(channel=Channel.WEB, cap=CAP),),
        actor="test",
    )
    polls.open_poll(engine, "live", actor="test", opens_at=now_us() - 1_000_000)
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/polls/live/votes"
    acked: dict[str, str] = {}  # idempotency key -> receipt
    refused: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + DEADLINE_S

    def client(n: int) -> None:
        with httpx.Client(timeout=5) as http:
            for i in range(VOTES_PER_CLIENT):
                body = {
                    "idempotency_key": f"k{n}-{i}",
                    "voter": f"voter{(n * 7 + i) % VOTERS}@example.org",
                    "votes": {f"c{1 + (n + i) % 3}": 1},
                }
                while time.monotonic() < stop_at:  # retry the same request until it is answered
                    try:
                        r = http.post(base, json=body)
                    except httpx.TransportError:
                        time.sleep(0.05)
                        continue
                    if r.status_code >= 500:
                        time.sleep(0.05)
                        continue
                    with lock:
                        if r.status_code in (200, 201):
                            assert (
                                acked.setdefault(body["idempotency_key"], r.json()["receipt"])
                                == r.json()["receipt"]
                            )
                        else:
                            assert r.json()["error"]["code"] == "cap_exceeded", r.text
                            refused.append(body["idempotency_key"])
                    break

    server = start_server(database_url, port)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    try:
        for th in threads:
            th.start()
        while len(acked) < 30 and time.monotonic() < stop_at:
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)  # mid-load, no warning
        server.wait()
        killed_with = len(acked)
        time.sleep(0.3)
        server = start_server(database_url, port)
        for th in threads:
            th.join(timeout=DEADLINE_S)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert killed_with < CLIENTS * VOTES_PER_CLIENT
    assert len(acked) + len(refused) == CLIENTS * VOTES_PER_CLIENT, "a client gave up"
    with engine.connect() as conn:
        votes = list(journal.poll_votes(conn, "live"))
    rows = [(v.idem_key, v.receipt, v.voter_hash) for v in votes]
    totals: dict[str, int] = {}
    for v in votes:
        totals[v.voter_hash] = totals.get(v.voter_hash, 0) + v.total
    per_voter = list(totals.values())
    stored = {}
    for key, receipt, _ in rows:
        assert key not in stored, f"{key} stored twice"
        stored[key] = receipt
    assert all(stored.get(k) == r for k, r in acked.items()), "an acknowledged vote is missing"
    assert set(stored) == set(acked), "a vote is stored that was never acknowledged nor retried to an answer"
    assert max(per_voter) <= CAP
    assert tally.recount(engine, "live")["by_channel"] == tally.running_totals(engine, "live")
    engine.dispose()
