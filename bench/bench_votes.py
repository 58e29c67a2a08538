"""Vote ledger benchmark: the real server over loopback HTTP, group commit vs a naive baseline (one
transaction per vote) measured in the same run, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_votes.py            # the full run of docs/voting.md
    .venv/bin/python bench/bench_votes.py --quick    # a few seconds, SQLite only

The same as ``floorcraft bench votes`` (``floorcraft.voting.loadgen``). Targets (issue #4, 2-core machine):
>= 10,000 acknowledged durable votes/s over HTTP, >= 200,000 votes/s through the SMS batch webhook,
p99 < 50 ms at 5,000 votes/s. The ratio line compares group commit with the baseline at the same offered load.
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> list:
    from floorcraft.voting.loadgen import bench, format_result

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny run: SQLite, one low rate, 1 s")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per offered load")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds at the same load before that")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--server", choices=["granian", "granian-asgi", "uvicorn"], default="granian")
    args = parser.parse_args(argv)
    if args.quick:
        kwargs = dict(
            backends=["sqlite"], web_rates=[200.0], sms_rates=[5.0], seconds=1.0, sms_batch=200, warmup=0.2
        )
    else:
        kwargs = dict(
            backends=args.backend or ["sqlite", "postgres"],
            web_rates=[1000.0, 2500.0, 5000.0, 10000.0],
            sms_rates=[5.0, 20.0, 100.0],
            seconds=args.seconds,
            warmup=args.warmup,
            calibration=True,
        )
    kwargs.update(workers=args.workers, http_server=args.server)
    results = bench(report=lambda r: print(format_result(r), flush=True), **kwargs)
    for backend in kwargs["backends"]:
        for rate in kwargs["web_rates"]:
            pair = {
                r.mode: r for r in results if r.backend == backend and r.path == "web" and r.offered == rate
            }
            if "group" in pair and "naive" in pair and pair["naive"].acks_per_s:
                ratio = pair["group"].acks_per_s / pair["naive"].acks_per_s
                print(f"{backend:<8} web {rate:>7.0f} req/s offered: group commit / naive = {ratio:.2f}x")
    return results


if __name__ == "__main__":
    main()
