"""Load generator of ``floorcraft bench votes``: the real server, driven over loopback HTTP from separate
client processes, at fixed offered loads; group commit side by side with a naive baseline (one transaction
per vote: ``--max-batch 1``) measured in the same run, on SQLite and on PostgreSQL.

Open loop: each client process sends its share of the offered rate on a fixed schedule and measures latency
from the *scheduled* send time (a slow server cannot hide its queueing: no coordinated omission). Clients
speak minimal HTTP/1.1 over keep-alive connections driven by protocol callbacks on uvloop, with requests
built before the clock starts, so that the client, not only the server, stays cheap on a small machine
(its CPU per request is measured and reported). Each offered load gets a fresh database and server.
Everything is bounded: fixed durations, fixed request counts, loopback only.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import gc
import multiprocessing as mp
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PRODUCER_TOKEN = "bench-token"
SMS_SECRET = "bench-sms-secret"
ENV = {
    "FLOORCRAFT_VOTER_SECRET": "bench-voter-secret",
    "FLOORCRAFT_PRODUCER_TOKEN": PRODUCER_TOKEN,
    "FLOORCRAFT_SMS_SECRET": SMS_SECRET,
}
COUPLES = [f"c{i}" for i in range(1, 13)]
#: the do-nothing server's CPU per request (:func:`calibrate`) on the machine where docs/voting.md §7.2's
#: results were measured: a run's calibration divided by this says how much slower its machine was
REFERENCE_NOOP_US = 59
WEB_CONNECTIONS = 128  # keep-alive connections per client process (each with one request in flight)


@dataclass(frozen=True)
class Result:
    backend: str
    mode: str
    path: str
    offered: float  # requests per second
    sent: int
    acked: int
    votes: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    server_cpu_us_per_ack: float = (
        0.0  # CPU the server's processes (all workers) spent per acknowledged request
    )
    client_cpu_us_per_req: float = 0.0  # CPU the load generator's processes spent per request sent
    server: str = "granian"

    @property
    def votes_per_s(self) -> float:
        return self.votes / self.seconds if self.seconds else 0.0

    @property
    def acks_per_s(self) -> float:
        return self.acked / self.seconds if self.seconds else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of every live process in process group ``pgid``: the server and its worker
    processes (Linux ``/proc``). Unlike wall-clock rates, it does not depend on what else the machine runs."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@contextlib.contextmanager
def server(
    db_url: str,
    *,
    max_batch: int = 4096,
    workers: int = 1,
    max_wait_ms: float = 1.0,
    http_server: str = "granian",
    hash_helper: bool = True,
    log_path=None,
):
    """A ``floorcraft votes serve`` process (its own process group) on a free loopback port; yields
    ``(port, proc)``. Its output goes to ``log_path`` when given. Stopped with SIGTERM, as in production."""
    port = _free_port()
    cmd = [sys.executable, "-m", "floorcraft", "votes", "serve", "--db", db_url, "--port", str(port)]
    cmd += ["--server", http_server]
    cmd += ["--no-rate-limits", "--workers", str(workers), "--max-wait-ms", str(max_wait_ms)]
    cmd += ["--max-batch", str(max_batch)]
    if not hash_helper:
        cmd += ["--no-hash-helper"]
    with _serving(cmd, port, f"the vote server ({http_server})", log_path, settle=0.3 * workers) as proc:
        yield port, proc


class DoNothing:
    """An RSGI app that reads each request and answers a fixed 200: what Granian, the event loop and the
    clients alone cost. Measured in every full bench run (:func:`calibrate`) so that runs on machines of
    different speed can be compared (docs/voting.md §7.2)."""

    def __rsgi_init__(self, loop) -> None:
        pass

    def __rsgi_del__(self, loop) -> None:
        pass

    async def __rsgi__(self, scope, proto) -> None:
        await proto()
        proto.response_bytes(200, [("content-type", "application/json")], b'{"status":"accepted"}')


do_nothing = DoNothing()


def calibrate(rate: float = 8000.0, seconds: float = 3.0, warmup: float = 1.0) -> Result:
    """The do-nothing app on Granian (one worker), driven like the web votes: its server CPU per request
    is this machine's floor for any HTTP vote."""
    port = _free_port()
    cmd = [sys.executable, "-m", "granian", "--interface", "rsgi", "--port", str(port), "--workers", "1"]
    cmd += ["--log-level", "warning", "--no-ws", f"{__name__}:do_nothing"]
    with _serving(cmd, port, "the do-nothing server", None, settle=0.3) as proc:
        return run_load(
            port,
            pid=proc.pid,
            backend="-",
            mode="noop",
            kind="web",
            poll_id="-",
            rate=rate,
            seconds=seconds,
            warmup=warmup,
        )


@contextlib.contextmanager
def _serving(cmd: list[str], port: int, what: str, log_path, settle: float):
    """Run ``cmd`` (its own process group) until it accepts connections on ``port``; stop it with SIGTERM
    afterwards (SIGKILL if it lingers)."""
    with open(log_path or os.devnull, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            env={**os.environ, **ENV},
            start_new_session=True,
            stdout=log,
            stderr=log if log_path else None,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    output = f": {Path(log_path).read_text()}" if log_path else ""
                    raise RuntimeError(f"{what} did not start{output}") from None
                time.sleep(0.05)
        time.sleep(settle)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def prepare_poll(db_url: str, poll_id: str) -> None:
    """A poll with a web channel (count mode, cap 10 per voter) and an SMS channel (no cap), open now."""
    from floorcraft.store.db import open_store
    from floorcraft.voting import polls
    from floorcraft.voting.model import Channel, ChannelRules

    engine = open_store(db_url)
    polls.create_poll(
        engine,
        poll_id=poll_id,
        title="bench",
        choices=[(c, c.upper()) for c in COUPLES],
        channels=(ChannelRules(channel=Channel.WEB, cap=10), ChannelRules(channel=Channel.SMS)),
        actor="bench",
    )
    polls.open_poll(engine, poll_id, actor="bench")
    engine.dispose()


def _request(path: str, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head = f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n{extra}"
    return f"{head}content-length: {len(body)}\r\n\r\n".encode() + body


def _parse_response(buf: bytearray) -> tuple[int, int]:
    """``(status, bytes used)`` of the first complete HTTP/1.1 response in ``buf``; ``(0, 0)`` until it is
    complete."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return 0, 0
    length = 0
    for line in bytes(buf[:end]).split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    used = end + 4 + length
    return (int(buf[9:12]), used) if len(buf) >= used else (0, 0)


class _Connection(asyncio.Protocol):
    """One keep-alive connection with at most one request in flight; when free it takes the oldest request
    waiting in the backlog, else goes back to the idle list. Callbacks only: no task or future per request."""

    def __init__(self, drive: _Driver):
        self.drive = drive
        self.buf = bytearray()
        self.busy: tuple[int, float] | None = None
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.drive.free(self)

    def send(self, i: int, at: float) -> None:
        self.busy = (i, at)
        self.transport.write(self.drive.make(i))

    def data_received(self, data: bytes) -> None:
        self.buf += data
        status, used = _parse_response(self.buf)
        if used:
            del self.buf[:used]
            _, at = self.busy
            self.busy = None
            self.drive.done(at, status)
            self.drive.free(self)

    def connection_lost(self, exc) -> None:
        if self.busy is not None:  # the request in flight failed; a fresh connection takes over
            self.drive.done(self.busy[1], 0)
            self.busy = None
        self.drive.reconnect()


class _Driver:
    """The open-loop schedule of one client process over ``connections`` keep-alive connections."""

    def __init__(self, port: int, schedule: list[float], make, stop_at: float):
        self.port, self.schedule, self.make, self.stop_at = port, schedule, make, stop_at
        self.idle: list[_Connection] = []
        self.backlog: collections.deque = collections.deque()
        self.out: list[tuple[float, float, int]] = []
        self.loop = asyncio.get_running_loop()
        self.closing = False

    def free(self, conn: _Connection) -> None:
        if self.backlog and not self.closing:
            conn.send(*self.backlog.popleft())
        else:
            self.idle.append(conn)

    def done(self, at: float, status: int) -> None:
        self.out.append((at, time.monotonic(), status))

    def reconnect(self) -> None:
        if not self.closing and time.monotonic() < self.stop_at:
            self.loop.create_task(self.connect())

    async def connect(self) -> None:
        with contextlib.suppress(OSError):
            await self.loop.create_connection(lambda: _Connection(self), "127.0.0.1", self.port)

    async def run(self, connections: int) -> list[tuple[float, float, int]]:
        await asyncio.gather(*(self.connect() for _ in range(connections)))
        n, i = len(self.schedule), 0
        while i < n and time.monotonic() < self.stop_at:
            now = time.monotonic()
            while i < n and self.schedule[i] <= now:  # everything due goes out now
                if self.idle:
                    self.idle.pop().send(i, self.schedule[i])
                else:
                    self.backlog.append((i, self.schedule[i]))
                i += 1
            if i < n:  # a fixed 1 ms tick: shorter sleeps would spin (timer resolution) and eat the CPU
                await asyncio.sleep(min(max(0.001, self.schedule[i] - time.monotonic()), 0.05))
        while len(self.out) < i and time.monotonic() < self.stop_at:
            await asyncio.sleep(0.005)
        self.closing = True
        answered = len(self.out)
        # whatever is unanswered or unsent at stop_at counts as failed (status 0): the run is bounded
        self.out.extend((self.stop_at, self.stop_at, 0) for _ in range(n - answered))
        for conn in self.idle:
            conn.transport.close()
        return self.out[:n]


async def _drive(port: int, schedule: list[float], make, connections: int, stop_at: float):
    """Send request ``i`` (bytes from ``make(i)``) at ``schedule[i]`` (monotonic clock, shared by the
    processes of one machine); return ``(scheduled, done, status)`` per request. At ``stop_at`` whatever is
    unanswered counts as failed (status 0): the run is bounded however slow the server is."""
    return await _Driver(port, schedule, make, stop_at).run(connections)


def _run_loop(coro):
    """uvloop where installed (uvicorn[standard] brings it): about half the client CPU per request."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


_start: tuple | None = None  # (barrier, shared start time) of the client pool; set in each client process


def _share_start(barrier, start) -> None:
    global _start
    _start = (barrier, start)


def _set_start(start, lead: float) -> None:
    start.value = time.monotonic() + lead


def _client(args) -> tuple[float, list[tuple[float, float, int]], float]:
    """One client process: its share of the schedule, requests built before the clock starts. The clock
    starts once every client has built its requests (the pool's barrier). ``(start, samples, cpu)``."""
    port, kind, poll_id, rate, count, connections, seed, batch, length = args
    import hmac

    import msgspec

    if kind == "web":
        bodies = [
            _request(
                f"/api/polls/{poll_id}/votes",
                msgspec.json.encode(
                    {
                        "idempotency_key": f"{seed}-{i}",
                        "voter": f"voter-{seed}-{i}@example.org",
                        "votes": {COUPLES[i % len(COUPLES)]: 1},
                    }
                ),
            )
            for i in range(count)
        ]
        make = bodies.__getitem__
    else:
        payloads = [
            msgspec.json.encode(
                {
                    "batch_id": f"{seed}-{i}",
                    "messages": [
                        {
                            "id": f"{seed}-{i}-{j}",
                            "sender": f"+1{seed:03d}{i:04d}{j:05d}",
                            "couple": COUPLES[j % 12],
                        }
                        for j in range(batch)
                    ],
                }
            )
            for i in range(count)
        ]

        def make(i):  # signed at send time, as an aggregator would
            t = int(time.time())
            mac = hmac.new(SMS_SECRET.encode(), f"{t}.".encode() + payloads[i], "sha256").hexdigest()
            return _request(
                f"/api/webhooks/sms/{poll_id}", payloads[i], {"floorcraft-signature": f"t={t},v1={mac}"}
            )

    # No garbage collection while the clock runs: a forked client inherits the parent's heap (SQLAlchemy,
    # Alembic...), and a full collection walking it stalled both clients at once for 60-100 ms, which the
    # open-loop schedule then reported as server latency. The run makes no reference cycles worth collecting.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        barrier, start = _start
        barrier.wait(timeout=600)  # the last client to arrive sets the start time (the barrier's action)
        start_at = start.value
        stop_at = start_at + length
        schedule = [start_at + i / rate for i in range(count)]
        cpu = os.times()
        samples = _run_loop(_drive(port, schedule, make, connections, stop_at))
        after = os.times()
    finally:
        gc.enable()
    return start_at, samples, (after.user - cpu.user) + (after.system - cpu.system)


def run_load(
    port: int,
    *,
    pid: int | None = None,
    backend: str,
    mode: str,
    kind: str,
    poll_id: str,
    rate: float,
    seconds: float,
    processes: int = 2,
    connections: int = WEB_CONNECTIONS,
    batch: int = 1,
    drain: float = 5.0,
    warmup: float = 0.0,
    http_server: str = "granian",
) -> Result:
    """Offer ``rate`` requests/s for ``warmup + seconds`` from ``processes`` client processes; measure the
    last ``seconds``. The warm-up (same rate) lets a fresh server open its connections and load its books
    first: without it, the first few hundred ms decided a short run's p99. Requests not answered ``drain``
    seconds after the last one was due count as errors. Server CPU per ack covers the whole run."""
    per_proc = rate / processes
    count = max(1, int(per_proc * (seconds + warmup)))
    run_id = uuid.uuid4().int % 1000
    lead = 0.2  # seconds from the barrier to the first request: every client is in its loop by then
    args = [
        (port, kind, poll_id, per_proc, count, connections, run_id * 10 + p, batch, warmup + seconds + drain)
        for p in range(processes)
    ]
    ctx = mp.get_context("fork")
    start = ctx.Value("d", 0.0, lock=False)
    barrier = ctx.Barrier(processes, action=functools.partial(_set_start, start, lead))
    cpu_before = group_cpu_seconds(pid) if pid else 0.0
    with ctx.Pool(processes, initializer=_share_start, initargs=(barrier, start)) as pool:
        parts = pool.map(_client, args, chunksize=1)
    cpu = (group_cpu_seconds(pid) - cpu_before) if pid else 0.0
    start_at = parts[0][0]
    everything = [s for _, part, _ in parts for s in part]
    client_cpu = sum(c for _, _, c in parts)
    acked_all = sum(1 for _, _, st in everything if st in (200, 201))
    measured_from = start_at + warmup
    samples = [s for s in everything if s[0] >= measured_from]
    latencies = sorted(done - at for at, done, st in samples if st)
    acked = sum(1 for _, _, st in samples if st in (200, 201))
    last = max((done for _, done, st in samples if st), default=measured_from)
    elapsed = max(last - measured_from, len(samples) / rate)  # at least the offered window

    def pct(q: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0

    return Result(
        backend=backend,
        mode=mode,
        path=kind,
        offered=rate,
        sent=len(samples),
        acked=acked,
        votes=acked * batch,
        errors=len(samples) - acked,
        seconds=elapsed,
        p50_ms=pct(0.50),
        p99_ms=pct(0.99),
        server_cpu_us_per_ack=1e6 * cpu / acked_all if acked_all else 0.0,
        client_cpu_us_per_req=1e6 * client_cpu / len(everything) if everything else 0.0,
        server=http_server,
    )


@contextlib.contextmanager
def database(backend: str, pg_admin_url: str):
    """A fresh database of ``backend`` for one measurement; removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
            yield f"sqlite:///{tmp}/votes.sqlite"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fc_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench(
    *,
    backends: list[str],
    web_rates: list[float],
    sms_rates: list[float],
    seconds: float,
    sms_batch: int = 2000,
    workers: int = 1,
    pg_admin_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    naive: bool = True,
    http_server: str = "granian",
    hash_helper: bool = True,
    warmup: float = 1.0,
    calibration: bool = False,
    report=print,
) -> list[Result]:
    """Every (backend, mode, path, offered load) measured once; ``report`` gets each result as it comes.
    With ``calibration``, the do-nothing server (:func:`calibrate`) is measured first."""
    results = []
    if calibration:
        results.append(calibrate())
        report(results[-1])
    modes = [("group", 4096)] + ([("naive", 1)] if naive else [])
    loads = [("web", r, 1) for r in web_rates] + [("sms", r, sms_batch) for r in sms_rates]
    for backend in backends:
        for mode, max_batch in modes:
            for kind, rate, batch in loads:
                if mode == "naive" and kind == "sms":
                    continue  # a per-vote transaction on a batch webhook is the same as web
                # a fresh database and server per offered load: an overloaded run's backlog and its grown
                # tables cannot spill into the next measurement
                with database(backend, pg_admin_url) as url:
                    prepare_poll(url, "bench")
                    serving = server(
                        url,
                        max_batch=max_batch,
                        workers=workers,
                        http_server=http_server,
                        hash_helper=hash_helper,
                    )
                    with serving as srv:
                        r = run_load(
                            srv[0],
                            pid=srv[1].pid,
                            backend=backend,
                            mode=mode,
                            kind=kind,
                            poll_id="bench",
                            rate=rate,
                            seconds=seconds,
                            batch=batch,
                            connections=WEB_CONNECTIONS if kind == "web" else 2,
                            http_server=http_server,
                            warmup=warmup,
                        )
                results.append(r)
                report(r)
    return results


def format_result(r: Result) -> str:
    if r.mode == "noop":
        return (
            f"calibration: do-nothing RSGI server, offered {r.offered:.0f} req/s, acked {r.acks_per_s:.0f}/s:"
            f" server CPU {r.server_cpu_us_per_ack:.0f} us/request, client CPU {r.client_cpu_us_per_req:.0f}"
            f" us/request ({r.server_cpu_us_per_ack / REFERENCE_NOOP_US:.2f}x the"
            f" {REFERENCE_NOOP_US} us of the machine of docs/voting.md 7.2)"
        )
    return (
        f"{r.backend:<8} {r.mode:<6} {r.path:<4} offered {r.offered:>7.0f} req/s"
        f"  acked {r.acks_per_s:>7.0f} req/s {r.votes_per_s:>8.0f} votes/s"
        f"  p50 {r.p50_ms:>7.1f} ms  p99 {r.p99_ms:>7.1f} ms  errors {r.errors:>5}"
        f"  server CPU {r.server_cpu_us_per_ack:>6.0f} us/ack"
        f"  client CPU {r.client_cpu_us_per_req:>5.0f} us/req"
    )
