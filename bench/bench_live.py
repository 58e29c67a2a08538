"""Live-feed fan-out: N connected scoreboard clients receive one published reveal; how fast?

    .venv/bin/python bench/bench_live.py            # 1,000 clients (issue #5 target: p99 < 1 s)
    .venv/bin/python bench/bench_live.py --quick    # 50 clients

The real site (``create_site``) is served by uvicorn in a thread; the clients are raw HTTP/1.1 SSE
connections in this process's event loop. Each round publishes one ``reveal`` and measures, per client,
the time from ``publish`` to the event's bytes arriving. The baseline is the same measurement with one
client, taken in the same run; the ratio p99(N) / p50(1) shows what fan-out costs on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_P99 = 1.0
MARKER = b"event: reveal"


async def _client(
    host: str, port: int, connected: asyncio.Event, counter: list[int], total: int
) -> asyncio.Queue:
    """Open one SSE stream; return a queue receiving the arrival time of every reveal."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /live HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    buffer = b""
    while b": connected" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError(f"stream closed before it opened: {buffer[:200]!r}")
        buffer += chunk
    arrivals: asyncio.Queue = asyncio.Queue()
    counter[0] += 1
    if counter[0] == total:
        connected.set()

    async def listen() -> None:
        tail = b""
        while chunk := await reader.read(65536):
            now = time.perf_counter()
            tail += chunk
            for _ in range(tail.count(MARKER)):
                arrivals.put_nowait(now)
            tail = tail[-len(MARKER) :]
        writer.close()

    arrivals.listener = asyncio.create_task(listen())  # type: ignore[attr-defined]
    return arrivals


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def _measure(host: str, port: int, broker, clients: int, rounds: int) -> list[float]:
    connected, counter = asyncio.Event(), [0]
    queues: list[asyncio.Queue] = []
    for start in range(0, clients, 100):  # connect in batches, within the listen backlog
        batch = range(start, min(clients, start + 100))
        queues += await asyncio.gather(*(_client(host, port, connected, counter, clients) for _ in batch))
    await asyncio.wait_for(connected.wait(), 60)
    while broker.subscriber_count < clients:
        await asyncio.sleep(0.01)
    latencies: list[float] = []
    for n in range(rounds):
        published = time.perf_counter()
        broker.publish("reveal", {"couple": "12", "judge": "A", "score": 9, "round": n})
        arrivals = await asyncio.wait_for(asyncio.gather(*(q.get() for q in queues)), 60)
        latencies += [arrived - published for arrived in arrivals]
        await asyncio.sleep(0.05)
    for q in queues:
        q.listener.cancel()
    while broker.subscriber_count:
        broker.close_all()
        await asyncio.sleep(0.05)
    return latencies


def run(clients: int, rounds: int) -> dict:
    """Serve the site, measure 1 client then ``clients`` clients; return the report as a dict."""
    from urllib.parse import urlsplit

    from floorcraft.web.auth.accounts import new_secret
    from floorcraft.web.server import serving
    from floorcraft.web.site import create_site

    with tempfile.TemporaryDirectory() as folder:
        app = create_site(f"sqlite:///{Path(folder) / 'bench.sqlite'}", secret=new_secret())
        broker = app.state.site.broker
        with serving(app) as base_url:
            parts = urlsplit(base_url)
            baseline = asyncio.run(_measure(parts.hostname, parts.port, broker, 1, rounds))
            fan_out = asyncio.run(_measure(parts.hostname, parts.port, broker, clients, rounds))
    p50_1 = statistics.median(baseline)
    p99 = _percentile(fan_out, 0.99)
    return {
        "clients": clients,
        "rounds": rounds,
        "deliveries": len(fan_out),
        "baseline_p50_ms": p50_1 * 1000,
        "p50_ms": statistics.median(fan_out) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": max(fan_out) * 1000,
        "ratio_p99_to_baseline": p99 / p50_1 if p50_1 else float("inf"),
        "target_met": p99 < TARGET_P99,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="50 clients, 2 rounds")
    args = parser.parse_args(argv)
    clients, rounds = (50, 2) if args.quick else (args.clients, args.rounds)
    report = run(clients, rounds)
    print(
        f"live feed: {report['clients']} clients x {report['rounds']} reveals"
        f" ({report['deliveries']} deliveries)\n"
        f"  baseline (1 client)  p50 {report['baseline_p50_ms']:8.2f} ms\n"
        f"  fan-out              p50 {report['p50_ms']:8.2f} ms   p99 {report['p99_ms']:8.2f} ms"
        f"   max {report['max_ms']:8.2f} ms\n"
        f"  ratio p99 / baseline {report['ratio_p99_to_baseline']:8.1f}\n"
        f"  target p99 < {TARGET_P99:.0f} s: {'met' if report['target_met'] else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
