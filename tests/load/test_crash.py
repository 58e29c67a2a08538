"""Crash: retrying clients load the real server process, which is killed with SIGKILL mid-load and started
again. Every acknowledged vote is then in the ledger exactly once, no voter is over the cap, and the recount
equals the running tallies. Loopback only, bounded in time.

The clients are web voters and an SMS aggregator whose batches are big enough to be hashed in the server's
helper process (voting/hash_helper.py), which dies with it."""

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import msgspec

from floorcraft.store.db import open_store
from floorcraft.voting import journal, polls, tally
from floorcraft.voting.ledger import now_us
from floorcraft.voting.model import Channel, ChannelRules
from floorcraft.voting.webhooks import sign
from ports import free_port

CAP = 5
CLIENTS = 8
VOTES_PER_CLIENT = 40
VOTERS = 12
DEADLINE_S = 90
SMS_BATCHES, SMS_BATCH, PHONES = 6, 300, 90  # each phone 3-4 times a batch: the cap refuses some
ENV = {
    "FLOORCRAFT_VOTER_SECRET": "crash-test-secret",
    "FLOORCRAFT_PRODUCER_TOKEN": "crash-token",
    "FLOORCRAFT_SMS_SECRET": "crash-sms-secret",
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
        channels=(ChannelRules(channel=Channel.WEB, cap=CAP), ChannelRules(channel=Channel.SMS, cap=CAP)),
        actor="test",
    )
    polls.open_poll(engine, "live", actor="test", opens_at=now_us() - 1_000_000)
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/polls/live/votes"
    acked: dict[str, str] = {}  # idempotency key -> receipt
    refused: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + DEADLINE_S

    def until_answered(send) -> httpx.Response | None:
        """``send()`` again until the server answers (not with a 5xx), or the test's deadline passes."""
        while time.monotonic() < stop_at:
            try:
                r = send()
            except httpx.TransportError:
                time.sleep(0.05)
                continue
            if r.status_code < 500:
                return r
            time.sleep(0.05)
        return None

    def client(n: int) -> None:
        with httpx.Client(timeout=5) as http:
            for i in range(VOTES_PER_CLIENT):
                key = f"k{n}-{i}"
                body = {
                    "idempotency_key": key,
                    "voter": f"voter{(n * 7 + i) % VOTERS}@example.org",
                    "votes": {f"c{1 + (n + i) % 3}": 1},
                }
                r = until_answered(lambda body=body: http.post(base, json=body))
                if r is None:
                    return
                with lock:
                    if r.status_code in (200, 201):
                        assert acked.setdefault(key, r.json()["receipt"]) == r.json()["receipt"]
                    else:
                        assert r.json()["error"]["code"] == "cap_exceeded", r.text
                        refused.append(key)

    def aggregator() -> None:
        path = f"http://127.0.0.1:{port}/api/webhooks/sms/live"
        secret = ENV["FLOORCRAFT_SMS_SECRET"].encode()
        with httpx.Client(timeout=10) as http:
            for b in range(SMS_BATCHES):
                messages = [
                    {
                        "id": f"s{b}-{j}",
                        "sender": f"+4477009{(b * SMS_BATCH + j) % PHONES:05d}",
                        "couple": "c2",
                    }
                    for j in range(SMS_BATCH)
                ]
                body = msgspec.json.encode({"batch_id": f"b{b}", "messages": messages})
                r = until_answered(  # signed again for each try, as an aggregator's retry is
                    lambda body=body: http.post(
                        path, content=body, headers={"Floorcraft-Signature": sign(secret, body)}
                    )
                )
                if r is None:
                    return
                assert r.status_code == 200, r.text
                with lock:
                    for m, result in zip(messages, r.json()["results"], strict=True):
                        if result["status"] == "rejected":
                            assert result["code"] == "cap_exceeded", result
                            refused.append(m["id"])
                        else:
                            assert acked.setdefault(m["id"], result["receipt"]) == result["receipt"]

    server = start_server(database_url, port)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    threads.append(threading.Thread(target=aggregator))
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
    everything = CLIENTS * VOTES_PER_CLIENT + SMS_BATCHES * SMS_BATCH
    assert killed_with < everything
    assert len(acked) + len(refused) == everything, "a client gave up"
    assert any(k.startswith("s") for k in acked) and any(k.startswith("s") for k in refused)
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
