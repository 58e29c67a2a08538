"""`floorcraft votes ...`: serve the voting API, run polls and channels, tally, certify, recount, verify.

Every command prints JSON on stdout. Bad input or a refused action: one line on stderr, exit code 2.
Secrets come from the environment (``FLOORCRAFT_VOTER_SECRET``, ``FLOORCRAFT_PRODUCER_TOKEN``,
``FLOORCRAFT_SMS_SECRET``, ``FLOORCRAFT_DONATIONS_SECRET``); the database from ``--db`` or ``FLOORCRAFT_DB``.
"""

from __future__ import annotations

import json
import os
from datetime import datetime

import typer

from floorcraft.errors import FloorcraftError, InvalidInput

app = typer.Typer(
    help="Audience voting: the exactly-once vote ledger and its HTTP API.", no_args_is_help=True
)

DB = typer.Option(
    None, "--db", help="database URL or SQLite file (default: FLOORCRAFT_DB or floorcraft.sqlite)"
)
ACTOR = typer.Option("producer", "--actor", help="who does this (goes into the audit log)")


def _engine(db: str | None):
    from floorcraft.store.db import open_store

    return open_store(db)


def _run(fn) -> None:
    """Call ``fn``, print its result as JSON; a FloorcraftError becomes one stderr line and exit code 2."""
    try:
        result = fn()
    except FloorcraftError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(result, indent=2, sort_keys=True, default=str))


def _us(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"time {text!r}: not ISO 8601 (e.g. 2026-11-26T20:00:00+00:00)") from None
    if value.tzinfo is None:
        raise InvalidInput(f"time {text!r}: needs a time zone")
    return int(value.timestamp() * 1_000_000)


def _info(info) -> dict:
    return {
        "id": info.id,
        "title": info.title,
        "window": {"opens_at": info.window.opens_at, "closes_at": info.window.closes_at},
        "choices": info.choices,
        "channels": {ch: {**vars(r), "paused": info.paused[ch]} for ch, r in info.channels.items()},
        "voids": info.voids,
    }


@app.command()
def serve(
    db: str = DB,
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port"),
    workers: int = typer.Option(1, help="server processes (each has its own ledger writer)"),
    rate_limits: bool = typer.Option(True, help="per-IP / per-voter rate limits (off for load tests)"),
    max_wait_ms: float = typer.Option(1.0, help="group commit: how long a batch waits for more votes"),
    max_batch: int = typer.Option(4096, help="group commit: most votes per transaction (1 = naive baseline)"),
    hash_helper: bool = typer.Option(
        True, help="hash big SMS webhook batches in a helper process per worker (uses a second core)"
    ),
    server: str = typer.Option(
        "granian",
        help="HTTP server: granian (Rust HTTP, native RSGI interface: the fastest), granian-asgi or uvicorn",
    ),
) -> None:
    """Serve the voting API (and /openapi.json) with Granian (default; RSGI or ASGI) or uvicorn."""
    from floorcraft.store.db import default_url, open_store
    from floorcraft.voting.service import Secrets

    try:
        if server not in ("granian", "granian-asgi", "uvicorn"):
            raise InvalidInput(f"--server {server!r}: use granian, granian-asgi or uvicorn")
        Secrets.from_env()
        url = db or default_url()
        open_store(url).dispose()  # migrate once, before the workers start
    except FloorcraftError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    os.environ["FLOORCRAFT_DB"] = url
    os.environ["FLOORCRAFT_MAX_WAIT_MS"] = str(max_wait_ms)
    os.environ["FLOORCRAFT_MAX_BATCH"] = str(max_batch)
    os.environ["FLOORCRAFT_HASH_HELPER"] = "on" if hash_helper else "off"
    if not rate_limits:
        os.environ["FLOORCRAFT_RATE_LIMITS"] = "off"
    if server in ("granian", "granian-asgi"):
        from granian import Granian
        from granian.constants import Interfaces

        rsgi = server == "granian"  # hot endpoints answered natively (web/voting_rsgi.py)
        Granian(
            "floorcraft.web.voting_rsgi:rsgi_app_from_env" if rsgi else "floorcraft.web.app:app_from_env",
            factory=True,
            address=host,
            port=port,
            interface=Interfaces.RSGI if rsgi else Interfaces.ASGI,
            workers=workers,
            log_level="warning",
            log_access=False,
        ).serve()
        return
    import uvicorn

    uvicorn.run(
        "floorcraft.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@app.command()
def create(
    poll_id: str,
    title: str = typer.Option(..., help="e.g. 'Week 3 public vote'"),
    choice: list[str] = typer.Option(..., help="couple as id=name (repeat)"),
    preset: str = typer.Option(..., help="dwts, strictly, strictly-final, charity"),
    cap_scope: str | None = typer.Option(None, help="dwts: per_method (default) or per_couple_per_method"),
    price_cents: int | None = typer.Option(None, help="charity: the price of one vote (default 100)"),
    season: str | None = typer.Option(None, help="season id (floorcraft.model)"),
    period: str | None = typer.Option(None, help="scoring period id"),
    db: str = DB,
    actor: str = ACTOR,
) -> None:
    """Create a poll from a show's preset."""
    from floorcraft.voting import polls
    from floorcraft.voting.limits import find_preset

    def run():
        pairs = []
        for c in choice:
            if "=" not in c:
                raise InvalidInput(f"--choice {c!r}: write id=name")
            pairs.append(tuple(c.split("=", 1)))
        settings = {
            k: v for k, v in (("cap_scope", cap_scope), ("price_cents", price_cents)) if v is not None
        }
        try:
            channels = find_preset(preset).build(**settings)
        except TypeError:
            raise InvalidInput(f"preset {preset!r}: takes none of {sorted(settings)}") from None
        info = polls.create_poll(
            _engine(db),
            poll_id=poll_id,
            title=title,
            choices=pairs,
            channels=channels,
            actor=actor,
            season_ref=season,
            period_ref=period,
            preset=preset,
        )
        return _info(info)

    _run(run)


@app.command("open")
def open_(
    poll_id: str,
    opens_at: str | None = typer.Option(None, help="ISO time (default now)"),
    closes_at: str | None = typer.Option(None, help="ISO time (default: until closed)"),
    db: str = DB,
    actor: str = ACTOR,
) -> None:
    """Open a poll's window now or at set times (also re-opens a closed poll)."""
    from floorcraft.voting import polls

    _run(
        lambda: _info(
            polls.open_poll(
                _engine(db), poll_id, actor=actor, opens_at=_us(opens_at), closes_at=_us(closes_at)
            )
        )
    )


@app.command()
def close(poll_id: str, db: str = DB, actor: str = ACTOR) -> None:
    """Close a poll's window now (server time)."""
    from floorcraft.voting import polls

    _run(lambda: _info(polls.close_poll(_engine(db), poll_id, actor=actor)))


@app.command()
def channel(
    poll_id: str,
    name: str = typer.Argument(..., help="web, sms or donations"),
    action: str = typer.Argument(..., help="pause, resume or restore"),
    reason: str = typer.Option("", help="why (audit log)"),
    db: str = DB,
    actor: str = ACTOR,
) -> None:
    """Pause, resume or restore (resume + lift its voids) a channel."""
    from floorcraft.voting import polls

    def run():
        engine = _engine(db)
        if action in ("pause", "resume"):
            polls.set_paused(engine, poll_id, name, action == "pause", actor=actor, reason=reason)
        elif action == "restore":
            polls.restore_channel(engine, poll_id, name, actor=actor, reason=reason)
        else:
            raise InvalidInput(f"action {action!r}: pause, resume or restore")
        return _info(polls.get_poll(engine, poll_id))

    _run(run)


@app.command()
def void(
    poll_id: str,
    kind: str = typer.Option(..., help="channel, voter or ip_range"),
    target: str = typer.Option(..., help="channel name, voter identity, or CIDR range"),
    reason: str = typer.Option(..., help="why (audit log)"),
    voter_channel: str | None = typer.Option(None, help="for kind=voter: the channel of the identity"),
    db: str = DB,
    actor: str = ACTOR,
) -> None:
    """Void a channel, a voter or an IP range: the votes stay in the ledger, the tally leaves them out."""
    from floorcraft.voting import identity, polls
    from floorcraft.voting.service import Secrets

    def run():
        key = target
        if kind == "voter":
            if voter_channel is None:
                raise InvalidInput("--voter-channel: required for kind=voter")
            key = identity.voter_hash(Secrets.from_env().voter, voter_channel, target)
        void_id = polls.add_void(_engine(db), poll_id, kind, key, actor=actor, reason=reason)
        return {"void_id": void_id, "kind": kind, "target": key}

    _run(run)


@app.command()
def lift(
    poll_id: str, void_id: int, reason: str = typer.Option(""), db: str = DB, actor: str = ACTOR
) -> None:
    """Lift a void (the void stays on record)."""
    from floorcraft.voting import polls

    def run():
        polls.lift_void(_engine(db), poll_id, void_id, actor=actor, reason=reason)
        return {"void_id": void_id, "lifted": True}

    _run(run)


@app.command()
def tally(poll_id: str, db: str = DB) -> None:
    """The live tally (producer only; never public while the poll is open)."""
    from floorcraft.voting import tally as t

    _run(lambda: t.live_tally(_engine(db), poll_id))


@app.command()
def certify(poll_id: str, db: str = DB, actor: str = ACTOR) -> None:
    """Certify a closed poll: tally recounted from the ledger + Merkle root of every receipt."""
    from floorcraft.voting import tally as t

    _run(lambda: t.certify(_engine(db), poll_id, actor=actor))


@app.command()
def recount(poll_id: str, db: str = DB) -> None:
    """Recount the ledger and compare with the certified tally (exit 1 on a mismatch)."""
    from floorcraft.voting import tally as t

    result = {}

    def run():
        result.update(t.check_recount(_engine(db), poll_id))
        return result

    _run(run)
    if not result.get("matches"):
        raise typer.Exit(1)


@app.command()
def verify(receipt: str, db: str = DB) -> None:
    """Check a vote receipt: in the ledger, counted, under the certified root."""
    from floorcraft.voting import tally as t

    _run(lambda: t.verify_receipt(_engine(db), receipt))


@app.command()
def anomalies(
    poll_id: str,
    burst_per_minute: int = typer.Option(600, help="submissions per minute from one network"),
    spread_couples: int = typer.Option(3, help="couples one identity spreads over"),
    db: str = DB,
) -> None:
    """Anomaly report: network bursts, identities voting at machine speed across couples."""
    from floorcraft.voting.abuse import anomaly_report

    _run(
        lambda: anomaly_report(
            _engine(db), poll_id, burst_per_minute=burst_per_minute, spread_couples=spread_couples
        )
    )


@app.command()
def audit(poll_id: str, db: str = DB) -> None:
    """The poll's audit log (producer actions, voids, certifications)."""
    from floorcraft.voting import polls

    _run(lambda: polls.audit_log(_engine(db), poll_id))
