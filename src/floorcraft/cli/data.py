"""``floorcraft data ...``: import real seasons, and study them (docs/data-and-analysis.md).

    floorcraft data import mcm ../shared/data/dwts-mcm2026 --db seasons.sqlite
    floorcraft data list --db seasons.sqlite
    floorcraft data table mcm-34 --format html -o s34.html --db seasons.sqlite
    floorcraft data charts mcm-30 --judges howisonlab-30 --out charts/ --db seasons.sqlite
    floorcraft data report mcm-34 --out reports/ --what-if dwts-percent --db seasons.sqlite
    floorcraft data replay mcm-5 --preset dwts-current --votes prior --seed 7 --db seasons.sqlite
    floorcraft data infer mcm-34 --db seasons.sqlite
    floorcraft data compare --chart charts/ --db seasons.sqlite

Seasons are stored under ``<format>-<number>`` (``mcm-34``, ``howisonlab-30``, ``strictly-6``). Bad input
prints one line on stderr and exits 2; heavy libraries are imported inside the commands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from floorcraft.cli.season import DB, cli_errors, console, engine_for

app = typer.Typer(
    help="Import real seasons; tables, charts, reports, replays, vote inference.", no_args_is_help=True
)

VOTES = typer.Option("inferred", "--votes", help="Vote model: inferred (witness of the inference) or prior.")
SEED = typer.Option(0, "--seed", help="Seed of the popularity prior (--votes prior).")


def _load(db: str | None, key: str):
    """The stored season ``key`` as an analysis record."""
    from floorcraft.imports.to_model import season_to_record
    from floorcraft.store.db import transaction
    from floorcraft.store.season_repo import SeasonRepo

    with transaction(engine_for(db)) as session:
        repo = SeasonRepo(session)
        if not repo.exists(key):
            from floorcraft.errors import NotFound

            raise NotFound(f"no stored season {key!r} (see 'floorcraft data list')")
        return season_to_record(repo.load(key))


def _all(db: str | None, keys: list[str]):
    from floorcraft.store.db import transaction
    from floorcraft.store.season_repo import SeasonRepo

    if keys:
        return [_load(db, key) for key in keys]
    with transaction(engine_for(db)) as session:
        stored = SeasonRepo(session).keys()
    return sorted((_load(db, key) for key in stored), key=lambda r: (r.source, r.number))


def _vote_model(name: str, seed: int):
    from floorcraft.analysis.vote_models import vote_model
    from floorcraft.errors import InvalidInput

    try:
        return vote_model(name, seed=seed)
    except ValueError as exc:
        raise InvalidInput(f"--votes: {exc}") from None


def _json(data) -> str:
    from fractions import Fraction

    from floorcraft.cli.contract import to_json_number

    return json.dumps(
        data,
        default=lambda o: to_json_number(o) if isinstance(o, Fraction) else str(o),
        ensure_ascii=False,
        indent=2,
    )


@app.command("import")
def import_(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="mcm, howisonlab, strictly or json."),
    path: Path = typer.Argument(..., help="The data file or its directory."),
    db: str | None = DB,
    replace: bool = typer.Option(False, "--replace", help="Replace stored seasons with the same id."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and report only; store nothing."),
    examples: int = typer.Option(2, "--examples", help="Examples per issue kind in the report."),
    results: Path | None = typer.Option(
        None, "--results", help="With howisonlab: the MCM CSV whose results to combine with the scores."
    ),
) -> None:
    """Import a dataset (every season in it) into --db, and print what could not be mapped."""
    with cli_errors():
        from rich.progress import Progress
        from rich.table import Table

        from floorcraft.imports.registry import import_path
        from floorcraft.imports.to_model import record_to_season
        from floorcraft.store.db import transaction
        from floorcraft.store.season_repo import SeasonRepo

        out = console()
        with Progress(console=out, transient=True) as progress:
            task = progress.add_task(f"reading {fmt}", total=None)
            result = import_path(
                fmt,
                path,
                results=results,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
            if not dry_run:
                store = progress.add_task("storing", total=len(result.seasons))
                with transaction(engine_for(db)) as session:
                    repo = SeasonRepo(session)
                    for record in result.seasons:
                        season = record_to_season(record)
                        if replace and repo.exists(season.id):
                            repo.delete(season.id)
                        repo.add(season)
                        progress.advance(store)
        numbers = [s.number for s in result.seasons]
        span = f"{min(numbers)}–{max(numbers)}" if numbers else "none"
        verb = "read" if dry_run else "imported"
        out.print(f"{verb} {len(result.seasons)} seasons ({span}) from {path} as {result.source}")
        table = Table(title="Import report: what could not be mapped as-is")
        for column in ("issue", "count", "examples"):
            table.add_column(column)
        for kind, count, shown in result.summary(examples=examples):
            table.add_row(kind, str(count), "\n".join(shown))
        out.print(table)


@app.command("list")
def list_(db: str | None = DB) -> None:
    """The stored seasons (ids to use with the other commands)."""
    with cli_errors():
        from floorcraft.store.db import transaction
        from floorcraft.store.season_repo import SeasonRepo

        with transaction(engine_for(db)) as session:
            for key in SeasonRepo(session).keys():  # noqa: SIM118 (a repository, not a dict)
                typer.echo(key)


@app.command("table")
def table(
    season: str = typer.Argument(..., help="Stored season id, e.g. mcm-34."),
    fmt: str = typer.Option("terminal", "--format", help="terminal, html or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    db: str | None = DB,
) -> None:
    """The season table: couples × weeks, totals, weekly highs and lows, eliminations."""
    with cli_errors():
        from floorcraft.errors import InvalidInput
        from floorcraft.reports.season_table import season_table, to_csv, to_html, to_rich

        if fmt not in ("terminal", "html", "csv"):
            raise InvalidInput(f"--format: expected terminal, html or csv, got {fmt!r}")
        built = season_table(_load(db, season))
        if fmt == "terminal" and output is None:
            console().print(to_rich(built))
            return
        text = to_csv(built) if fmt == "csv" else to_html(built)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


@app.command("charts")
def charts(
    season: str = typer.Argument(..., help="Stored season id."),
    out: Path = typer.Option(Path("charts"), "--out", help="Directory for the PNG and SVG files."),
    judges: str | None = typer.Option(None, "--judges", help="Season with named judges (howisonlab-N)."),
    db: str | None = DB,
) -> None:
    """Score progression, judges' harshness (named judges) and running order (Strictly) charts."""
    with cli_errors():
        from floorcraft.reports import charts as chart

        record = _load(db, season)
        made = [chart.score_progression(record, out / f"{season}-progression")]
        named = _load(db, judges) if judges else record if record.judges_named else None
        if named is not None:
            made.append(chart.judge_harshness([named], out / f"{season}-judges", min_scores=1))
        if any(p.running_order for p in record.performances):
            made.append(chart.running_order_effect([record], out / f"{season}-order"))
        for result in made:
            for file in result.files:
                typer.echo(str(file))


@app.command("report")
def report(
    season: str = typer.Argument(..., help="Stored season id."),
    out: Path = typer.Option(Path("reports"), "--out", help="Directory for the HTML page and charts."),
    judges: str | None = typer.Option(None, "--judges", help="Season with named judges (howisonlab-N)."),
    what_if: str | None = typer.Option(None, "--what-if", help="Also replay under this preset."),
    votes: str = VOTES,
    seed: int = SEED,
    db: str | None = DB,
) -> None:
    """One self-contained HTML season report: table, charts, inference, optional what-if."""
    with cli_errors():
        from floorcraft.analysis.replay import replay_season
        from floorcraft.analysis.season_rules import rules_from_preset
        from floorcraft.reports.season_report import build_report

        record = _load(db, season)
        replay, title = None, ""
        if what_if:
            rules = rules_from_preset(what_if)
            replay = replay_season(record, rules, _vote_model(votes, seed))
            title = f"{rules.label}, {votes} votes"
        built = build_report(
            record, out, judges=_load(db, judges) if judges else None, replay=replay, replay_title=title
        )
        typer.echo(str(built.path))


@app.command("replay")
def replay(
    season: str = typer.Argument(..., help="Stored season id."),
    preset: str = typer.Option(..., "--preset", help="Rules preset to replay under (e.g. dwts-current)."),
    votes: str = VOTES,
    seed: int = SEED,
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table."),
    db: str | None = DB,
) -> None:
    """What if: the season's eliminations replayed under another preset, with a stated vote model."""
    with cli_errors():
        from dataclasses import asdict

        from rich.table import Table

        from floorcraft.analysis.replay import replay_season
        from floorcraft.analysis.season_rules import rules_from_preset

        rules = rules_from_preset(preset)
        weeks = replay_season(_load(db, season), rules, _vote_model(votes, seed))
        if as_json:
            typer.echo(_json([asdict(w) | {"changed": w.changed} for w in weeks]))
            return
        out = Table(title=f"{season} under {rules.label}, {votes} votes")
        for column in ("week", "actually out", "replay: out", "changed"):
            out.add_column(column)
        for w in weeks:
            out.add_row(
                w.label,
                ", ".join(w.actual),
                ", ".join(w.replayed) or w.skipped or "(tie)",
                "yes" if w.changed else "",
            )
        console().print(out)
        typer.echo(f"{sum(w.changed for w in weeks)} of {len(weeks)} eliminations change")


def _range(line, method) -> str:
    from floorcraft.reports.season_report import format_bound

    if line.low is None:
        return "—"
    return f"{format_bound(line.low, method)}–{format_bound(line.high, method)}"


@app.command("infer")
def infer(
    season: str = typer.Argument(..., help="Stored season id."),
    rollover: str = typer.Option("raw_sum", "--rollover", help="raw_sum, normalise_per_week or none."),
    rank_era_start: int = typer.Option(28, "--rank-era-start", help="First DWTS season of rank points."),
    solver: str = typer.Option("exact", "--solver", help="exact (default) or highs (linprog / milp)."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of tables."),
    db: str | None = DB,
) -> None:
    """Fan-vote inference: per decision, whether any vote explains it, feasible ranges, votes to be safe."""
    with cli_errors():
        from dataclasses import asdict

        from rich.table import Table

        from floorcraft.analysis.inference import infer_season
        from floorcraft.errors import InvalidInput
        from floorcraft.reports.season_report import format_bound
        from floorcraft.reports.season_table import number

        try:
            weeks = infer_season(
                _load(db, season), rollover_merge=rollover, rank_era_start=rank_era_start, solver=solver
            )
        except ValueError as exc:
            raise InvalidInput(f"infer: {exc}") from None
        if as_json:
            typer.echo(_json([asdict(w) | {"explainable": w.explainable} for w in weeks]))
            return
        out = console()
        for w in weeks:
            table = Table(title=f"{season} {w.label}: {w.rules.label}: {w.status}")
            for column in ("couple", "judges", "outcome", "feasible votes", "safe with"):
                table.add_column(column)
            for line in w.couples:
                table.add_row(
                    line.couple,
                    number(line.judges_total),
                    line.outcome,
                    _range(line, w.rules.method),
                    format_bound(line.needed, w.rules.method),
                )
            out.print(table)
            if w.notes:
                out.print("; ".join(w.notes))
        explained = sum(w.explainable for w in weeks)
        summary = f"{explained} of {len(weeks)} decisions explainable"
        for status in ("unexplainable", "not_analysable"):
            labels = [w.label for w in weeks if w.status == status]
            if labels:
                summary += f"; {status}: {', '.join(labels)}"
        typer.echo(summary)


@app.command("compare")
def compare(
    seasons: list[str] = typer.Argument(None, help="Stored season ids (default: every stored season)."),
    votes: str = VOTES,
    seed: int = SEED,
    chart: Path | None = typer.Option(None, "--chart", help="Also draw the comparison chart here."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table."),
    db: str | None = DB,
) -> None:
    """How often the rank and percentage methods would have eliminated someone else."""
    with cli_errors():
        from rich.table import Table

        from floorcraft.analysis.compare import compare_methods

        records = [r for r in _all(db, seasons or []) if r.has_results]
        result = compare_methods(records, vote_model=_vote_model(votes, seed))
        if chart:
            from floorcraft.reports.charts import method_comparison

            for file in method_comparison(result, chart / "rank-vs-percent").files:
                typer.echo(str(file))
        if as_json:
            rows = [
                {"season": s.season, "weeks": s.weeks, "different": s.different, "rate": s.rate}
                for s in result.seasons
            ]
            typer.echo(
                _json(
                    {
                        "vote_model": result.vote_model,
                        "seasons": rows,
                        "overall": {
                            "weeks": result.weeks,
                            "different": result.different,
                            "rate": result.rate,
                        },
                    }
                )
            )
            return
        table = Table(title=f"Rank vs percentage method ({result.vote_model} votes)")
        for column in ("season", "eliminations", "different", "share"):
            table.add_column(column, justify="right")
        for s in result.seasons:
            table.add_row(str(s.season), str(s.weeks), str(s.different), f"{s.rate:.0%}")
        table.add_row("all", str(result.weeks), str(result.different), f"{result.rate:.0%}", style="bold")
        console().print(table)
