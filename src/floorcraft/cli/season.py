"""``floorcraft season ...``: run a TV season from the command line (docs/cli.md, docs/seasons.md).

Every command that writes runs in one transaction through the show service (``floorcraft.show.service``):
an error leaves the database as it was. Bad input prints one line on stderr naming what and where, exit 2.
The database is ``--db URL`` or ``FLOORCRAFT_DB``, default ``floorcraft.sqlite`` in the current directory.
Heavy imports (SQLAlchemy, Rich tables, the service) happen inside the commands. One short function per
command (the Rich views are in :mod:`floorcraft.cli.season_views`), hence the module's length.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

app = typer.Typer(help="Run a TV season: cast, weeks, scores, votes, results, tables.", no_args_is_help=True)

DB = typer.Option(
    None, "--db", help="Database URL or SQLite file (default: $FLOORCRAFT_DB or floorcraft.sqlite)."
)
BY = typer.Option(None, "--by", help="Who is acting (recorded in the audit trail; default: $USER).")


def actor(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER", "cli")


@contextmanager
def cli_errors() -> Iterator[None]:
    """FloorcraftError -> one line on stderr and exit 2 (the transaction has already rolled back)."""
    from floorcraft.errors import FloorcraftError

    try:
        yield
    except FloorcraftError as exc:
        message = " ".join(str(exc).split("\n"))
        print(f"error: {message}", file=sys.stderr)
        raise typer.Exit(2) from None


def engine_for(db: str | None):
    """The migrated database of ``--db``; a URL that cannot be opened is one line naming it (exit 2)."""
    from sqlalchemy.exc import SQLAlchemyError

    from floorcraft.errors import InvalidInput
    from floorcraft.store.db import default_url, open_store

    try:
        return open_store(db)
    except SQLAlchemyError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInput(f"--db {db or default_url()}: cannot open the database: {first}") from None


def console():
    from rich.console import Console

    return Console()


def pairs(items: list[str], *, what: str) -> dict[str, str]:
    """``KEY=VALUE`` arguments as a dict; a malformed one is InvalidInput naming it."""
    from floorcraft.errors import InvalidInput

    out: dict[str, str] = {}
    bad = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            bad.append(f"{what} {item!r}: expected KEY=VALUE")
            continue
        if key.strip() in out:
            bad.append(f"{what} {item!r}: {key.strip()} given twice")
        out[key.strip()] = value.strip()
    if bad:
        raise InvalidInput(bad)
    return out


def split_ids(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


@app.command("create")
def create(
    file: str = typer.Argument(..., help="The season TOML file (docs/seasons.md)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a season with the same id."),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Create a season (cast, judges, preset, optional weeks) from a TOML file."""
    with cli_errors():
        from floorcraft.cli.season_views import season_summary
        from floorcraft.show import service

        season = service.create_season(engine_for(db), file, by=actor(by), replace=replace)
        console().print(season_summary(season))
        console().print(
            f"created season {season.id} with {len(season.couples)} couples and {len(season.periods)} weeks"
        )


@app.command("list")
def list_seasons(db: str | None = DB) -> None:
    """List the seasons in the database."""
    with cli_errors():
        from floorcraft.show import service

        for key in service.season_keys(engine_for(db)):
            typer.echo(key)


@app.command("show")
def show(season: str = typer.Argument(...), db: str | None = DB) -> None:
    """Show a season: cast, judges and weeks with their decisions."""
    with cli_errors():
        from floorcraft.cli.season_views import judges_table, season_summary, weeks_table
        from floorcraft.show import service

        s = service.load(engine_for(db), season)
        out = console()
        out.print(season_summary(s))
        out.print(judges_table(s))
        out.print(weeks_table(s))


@app.command("add-week")
def add_week(
    season: str = typer.Argument(...),
    number: int | None = typer.Option(None, "--number", help="Week number (default: the next one)."),
    title: str | None = typer.Option(None, "--title"),
    nights: int | None = typer.Option(None, "--nights"),
    panel: str | None = typer.Option(None, "--panel", help="Judges scoring this week, comma-separated."),
    eliminate: int | None = typer.Option(None, "--eliminate", help="Couples leaving (0 = none, 2 = double)."),
    bottom: int | None = typer.Option(None, "--bottom", help="Size of the bottom group for a judges' vote."),
    final: bool = typer.Option(False, "--final", help="This week is the final."),
    no_carry_over: bool = typer.Option(
        False, "--no-carry-over", help="A week without elimination does not roll over."
    ),
    immune: str | None = typer.Option(None, "--immune", help="Immune couples, comma-separated."),
    substitute: list[str] = typer.Option(
        [], "--substitute", help="COUPLE=PROFESSIONAL: a substitute professional this week (repeatable)."
    ),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Add a week (scoring period)."""
    with cli_errors():
        from floorcraft.show import service

        data = {
            "number": number,
            "title": title,
            "nights": nights,
            "panel": split_ids(panel),
            "eliminate": eliminate,
            "bottom": bottom,
            "final": final or None,
            "carry_over": False if no_carry_over else None,
            "immune": split_ids(immune),
            "substitutes": pairs(substitute, what="substitute") or None,
        }
        period = service.add_week(
            engine_for(db), season, {k: v for k, v in data.items() if v is not None}, by=actor(by)
        )
        cut = (
            "final"
            if period.final
            else f"bottom {period.bottom}"
            if period.bottom
            else f"eliminate {period.eliminate}"
        )
        typer.echo(f"added week {period.number} ({period.title}): panel {' '.join(period.panel)}, {cut}")


@app.command("perform")
def perform(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    couples: list[str] = typer.Argument(..., help="The couple (several for a team dance)."),
    dance: str = typer.Option("", "--dance"),
    song: str = typer.Option("", "--song"),
    kind: str | None = typer.Option(None, "--kind", help="couple, team, marathon or dance_off."),
    night: int | None = typer.Option(None, "--night"),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Add a performance to the end of the week's running order."""
    with cli_errors():
        from floorcraft.show import service

        data = {"couples": couples, "dance": dance, "song": song}
        if kind is not None:
            data["kind"] = kind
        if night is not None:
            data["night"] = night
        perf = service.add_performance(engine_for(db), season, week, data, by=actor(by))
        typer.echo(f"performance {perf.id}: {'+'.join(perf.couples)} {perf.dance} ({perf.kind})")


@app.command("score")
def score(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    couple: str = typer.Argument(..., help="Couple id, or a performance id like 3.2."),
    marks: list[str] = typer.Argument(..., help="JUDGE=SCORE pairs, e.g. len=8 bruno=7.5"),
    dance: str | None = typer.Option(None, "--dance", help="Which dance, when the couple danced several."),
    correct: bool = typer.Option(False, "--correct", help="Correct official scores (needs --reason)."),
    reason: str | None = typer.Option(None, "--reason", help="Why the score is corrected."),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Record judges' official scores for a performance, or correct them (history and audit kept)."""
    with cli_errors():
        from floorcraft.errors import InvalidInput
        from floorcraft.show import service

        given = pairs(marks, what="score")
        engine = engine_for(db)
        if not correct:
            perf = service.record_scores(engine, season, week, couple, given, by=actor(by), dance=dance)
            typer.echo(f"recorded {len(given)} score(s) for performance {perf.id}")
            return
        if not reason:
            raise InvalidInput("score --correct: --reason is required")
        if len(given) != 1:
            raise InvalidInput("score --correct: give exactly one JUDGE=SCORE")
        ((judge, value),) = given.items()
        c = service.correct_score(
            engine, season, week, couple, judge, value, by=actor(by), reason=reason, dance=dance
        )
        from floorcraft.model.scores import format_points

        typer.echo(f"corrected {judge}: {format_points(c.old)} -> {format_points(c.new)} ({c.reason})")


@app.command("votes")
def votes(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    counts: list[str] = typer.Argument(..., help="COUPLE=VOTES pairs"),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Record the public vote totals of a week."""
    with cli_errors():
        from floorcraft.show import service

        given = pairs(counts, what="votes")
        service.record_votes(engine_for(db), season, week, given, by=actor(by))
        typer.echo(f"recorded vote totals for {len(given)} couple(s) in week {week}")


@app.command("bonus")
def bonus(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    couple: str = typer.Argument(...),
    points: str = typer.Argument(...),
    reason: str = typer.Option("", "--reason", help="e.g. marathon, immunity, dance-off win"),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Add bonus points to a couple's judges' total for the week."""
    with cli_errors():
        from floorcraft.show import service

        b = service.add_bonus(engine_for(db), season, week, couple, points, reason=reason, by=actor(by))
        typer.echo(f"bonus {b.points} for {couple} in week {week}")


@app.command("withdraw")
def withdraw(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    couple: str = typer.Argument(...),
    reason: str = typer.Option("", "--reason"),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """A couple withdraws this week (left out of the week's standings)."""
    with cli_errors():
        from floorcraft.show import service

        service.withdraw(engine_for(db), season, week, couple, reason=reason, by=actor(by))
        typer.echo(f"{couple} withdraws in week {week}")


@app.command("compute")
def compute(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json", help="Print the computed week as one JSON object."),
    db: str | None = DB,
) -> None:
    """Compute the week: standings and the explanation a producer reads aloud (nothing is written)."""
    with cli_errors():
        import json

        from floorcraft.cli.season_views import print_computation
        from floorcraft.show import service
        from floorcraft.show.compute import computation_to_json
        from floorcraft.show.compute import compute as compute_week

        s = service.load(engine_for(db), season)
        comp = compute_week(s, week)
        if as_json:
            typer.echo(json.dumps(computation_to_json(comp), ensure_ascii=False))
        else:
            print_computation(console(), s, comp)


@app.command("save-vote")
def save_vote(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    choices: list[str] = typer.Argument(..., help="JUDGE=COUPLE pairs: the couple each judge saves."),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Record the judges' votes to save one of the bottom couples."""
    with cli_errors():
        from floorcraft.show import service

        comp = service.record_save_votes(
            engine_for(db), season, week, pairs(choices, what="save vote"), by=actor(by)
        )
        out = console()
        if comp.save is not None:
            for line in comp.save.explanation:
                out.print(f"  • {line}")
        else:
            out.print(f"recorded; still waiting for {'; '.join(comp.pending)}")


@app.command("confirm")
def confirm(
    season: str = typer.Argument(...),
    week: int = typer.Argument(...),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Confirm the week's decision (eliminations, judges' save, withdrawals, or the final's placings)."""
    with cli_errors():
        from floorcraft.show import service

        d = service.confirm_week(engine_for(db), season, week, by=actor(by))
        out = console()
        for line in d.explanation:
            out.print(f"  • {line}")
        summary = ", ".join(f"{o.couple} {o.outcome.value}" for o in d.outcomes) or "nobody leaves"
        out.print(f"[bold]week {week} confirmed:[/] {summary}")


@app.command("leaderboard")
def leaderboard(
    season: str = typer.Argument(...), week: int = typer.Argument(...), db: str | None = DB
) -> None:
    """The week's judges' leaderboard (every dance and score, bonus, total)."""
    with cli_errors():
        from floorcraft.cli.season_views import leaderboard_table
        from floorcraft.show import service

        console().print(leaderboard_table(service.load(engine_for(db), season), week))


@app.command("table")
def table(season: str = typer.Argument(...), db: str | None = DB) -> None:
    """The season table: judges' totals week by week, eliminations and the result."""
    with cli_errors():
        from floorcraft.cli.season_views import season_table_view
        from floorcraft.show import service

        console().print(season_table_view(service.load(engine_for(db), season)))


@app.command("audit")
def audit(season: str = typer.Argument(...), db: str | None = DB) -> None:
    """The season's audit trail, one line per entry: when, who, action, subject, old -> new, why."""
    with cli_errors():
        from floorcraft.show import service

        for e in service.audit_log(engine_for(db), season):
            change = f"{_short(e.old)} -> {_short(e.new)}" if e.old is not None else _short(e.new)
            why = f"  ({e.reason})" if e.reason else ""
            typer.echo(
                f"{e.at.isoformat(timespec='seconds')}  {e.actor}  {e.action}  {e.subject}  {change}{why}"
            )


def _short(value: object) -> str:
    return "" if value is None else str(value)


@app.command("export")
def export(
    season: str = typer.Argument(...),
    fmt: str = typer.Option("json", "--format", help="json (lossless, re-importable) or csv (week by week)."),
    output: str | None = typer.Option(
        None, "--output", "-o", help="File to write (default: standard output)."
    ),
    db: str | None = DB,
) -> None:
    """Export a season as floorcraft JSON (re-importable) or CSV."""
    with cli_errors():
        import json

        from floorcraft.errors import InvalidInput
        from floorcraft.show import service
        from floorcraft.show.export import season_to_csv, season_to_json

        if fmt not in ("json", "csv"):
            raise InvalidInput(f"--format: expected json or csv, got {fmt!r}")
        s = service.load(engine_for(db), season)
        text = (
            json.dumps(season_to_json(s), indent=2, ensure_ascii=False) + "\n"
            if fmt == "json"
            else season_to_csv(s)
        )
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)


@app.command("import")
def import_(
    file: str = typer.Argument(..., help="A JSON file written by 'floorcraft season export --format json'."),
    replace: bool = typer.Option(False, "--replace", help="Replace a season with the same id."),
    db: str | None = DB,
    by: str | None = BY,
) -> None:
    """Import a season from floorcraft's own JSON export."""
    with cli_errors():
        import json

        from floorcraft.errors import InvalidInput
        from floorcraft.show import service
        from floorcraft.show.export import season_from_json

        try:
            with open(file, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise InvalidInput(f"{file}: no such file") from None
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{file}: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        s = service.store_season(
            engine_for(db), season_from_json(data, source=file), by=actor(by), replace=replace
        )
        typer.echo(f"imported season {s.id}: {len(s.couples)} couples, {len(s.periods)} weeks")
