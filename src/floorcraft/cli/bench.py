"""`floorcraft bench ...`: benchmarks that report rates against a baseline measured in the same run."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="benchmarks", no_args_is_help=True)


@app.command()
def votes(
    backend: list[str] = typer.Option(["sqlite", "postgres"], help="sqlite and/or postgres"),
    web_rate: list[float] = typer.Option(
        [1000, 2500, 5000, 10000], help="offered web requests/s (1 vote each)"
    ),
    sms_rate: list[float] = typer.Option([5, 20, 100], help="offered SMS webhook batches/s"),
    sms_batch: int = typer.Option(2000, help="messages per SMS batch"),
    seconds: float = typer.Option(5.0, help="duration of each offered load (measured)"),
    warmup: float = typer.Option(1.0, help="seconds at the same load before the measured window"),
    workers: int = typer.Option(1, help="server processes"),
    server: str = typer.Option(
        "granian", help="HTTP server of the vote server: granian (RSGI), granian-asgi or uvicorn"
    ),
    naive: bool = typer.Option(True, help="also measure the naive baseline (one transaction per vote)"),
    hash_helper: bool = typer.Option(True, help="the server hashes SMS batches in a helper process"),
    calibrate: bool = typer.Option(
        True, help="first measure a do-nothing server on this machine (to compare runs across machines)"
    ),
    pg_admin_url: str = typer.Option(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", help="where fresh bench databases are made"
    ),
    quick: bool = typer.Option(False, help="tiny run (1 s, warm-up 0.2 s, one low rate each, SQLite)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object per result"),
) -> None:
    """Drive the real vote server over loopback HTTP from separate processes at fixed offered loads; report
    throughput and p50/p99 latency for group commit and the naive baseline, on SQLite and PostgreSQL."""
    from floorcraft.voting.loadgen import bench, format_result

    if quick:
        backend, web_rate, sms_rate, seconds, sms_batch, warmup = ["sqlite"], [200.0], [5.0], 1.0, 200, 0.2
        calibrate = False
    unknown = set(backend) - {"sqlite", "postgres"}
    if unknown:
        typer.echo(f"error: --backend {sorted(unknown)}: use sqlite or postgres", err=True)
        raise typer.Exit(2)

    def report(r):
        if as_json:
            typer.echo(json.dumps({**vars(r), "votes_per_s": r.votes_per_s, "acks_per_s": r.acks_per_s}))
        else:
            typer.echo(format_result(r))

    bench(
        backends=backend,
        web_rates=web_rate,
        sms_rates=sms_rate,
        seconds=seconds,
        sms_batch=sms_batch,
        workers=workers,
        http_server=server,
        pg_admin_url=pg_admin_url,
        naive=naive,
        hash_helper=hash_helper,
        warmup=warmup,
        calibration=calibrate,
        report=report,
    )
