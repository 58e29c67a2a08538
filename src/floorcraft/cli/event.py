"""`floorcraft event ...`: run a DanceSport event (create, enter marks, compute, recall, final, sheets).

Thin adapter over :mod:`floorcraft.scrutineer.events` (docs/dancesport-events.md). Heavy libraries
(SQLAlchemy, reportlab, Jinja2) are imported inside the commands. Bad input: one line on stderr naming what is
wrong and where, exit code 2, and the database is left untouched (every write is one transaction).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer

from floorcraft.errors import FloorcraftError, InvalidInput

app = typer.Typer(
    help="DanceSport events: marks, rounds, recalls, the final and the results sheets.", no_args_is_help=True
)

DbOption = Annotated[
    str | None, typer.Option("--db", help="database URL or SQLite file (default: FLOORCRAFT_DB)")
]
RoundOption = Annotated[
    int | None, typer.Option("--round", "-r", help="round number (default: the current round)")
]
TakeOption = Annotated[
    str | None,
    typer.Option("--take", help="the Chairman's choice when the cut falls inside a tie: fewer or more"),
]
ByOption = Annotated[
    str, typer.Option("--by", help="who enters the marks (kept with every mark and correction)")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="why marks of a computed round are corrected")]
PinOption = Annotated[
    str | None,
    typer.Option(
        "--pin", envvar="FLOORCRAFT_CHAIRMAN_PIN", help="the Chairman's PIN (corrections of locked marks)"
    ),
]
FORMATS = ("terminal", "html", "csv", "pdf")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _guarded(func: Callable) -> Callable:
    """Map floorcraft errors and unreadable files to one line on stderr and exit code 2."""

    @wraps(func)
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except FloorcraftError as exc:
            _fail(str(exc).replace("\n", " "))
        except OSError as exc:
            _fail(f"cannot read or write {exc.filename or ''}: {exc.strerror or exc}".replace(" :", ":"))

    return run


def _engine(db: str | None):
    from floorcraft.store.db import default_url, open_store

    return open_store(db or default_url())


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason})") from None


def _round_of(db: str | None, event: str, round_no: int | None):
    """(engine, event, round number): ``round_no`` or the event's current round."""
    from floorcraft.scrutineer import events

    engine = _engine(db)
    ev, views = events.load(engine, event)
    return engine, ev, round_no or events.current_round(views)


@app.command()
@_guarded
def create(file: Annotated[str, typer.Argument(help="event TOML file")], db: DbOption = None) -> None:
    """Create an event from a TOML file (name, date, dances, judges, couples, rounds)."""
    import tomllib

    from floorcraft.scrutineer import events

    try:
        data = tomllib.loads(_read_text(file))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{file}: not valid TOML ({exc})") from None
    try:
        event = events.create_event(_engine(db), data)
    except InvalidInput as exc:
        raise InvalidInput([f"{file}: {p}" for p in exc.problems]) from None
    typer.echo(
        f"created event {event.name!r}: {len(event.couples)} couples, {len(event.judges)} judges, "
        f"{len(event.rounds)} round(s)"
    )


@app.command("list")
@_guarded
def list_events(db: DbOption = None) -> None:
    """List the stored events."""
    from floorcraft.store import dancesport_repo as repo
    from floorcraft.store.db import transaction

    with transaction(_engine(db)) as session:
        for event_id, name, date in repo.list_events(session):
            typer.echo(f"{event_id}\t{name}\t{date or ''}")


@app.command()
@_guarded
def show(event: Annotated[str, typer.Argument(help="event name or id")], db: DbOption = None) -> None:
    """Show an event: panel, couples and the state of each round."""
    from rich.table import Table

    from floorcraft.reports.sheets_terminal import terminal_console
    from floorcraft.scrutineer import events

    ev, views = events.load(_engine(db), event)
    console = terminal_console()
    console.print(f"[bold]{ev.name}[/bold]  {ev.date or ''}  dances: {' '.join(ev.dances)}")
    console.print("Panel: " + ", ".join(j.label for j in ev.judges))
    table = Table("round", "kind", "dances", "couples", "recall", "tie policy", "status", "cards missing")
    for view in views:
        rnd = view.round
        missing = len(view.missing_cards(ev)) if view.couples else "-"
        table.add_row(
            str(rnd.number),
            rnd.kind.value,
            " ".join(rnd.dances),
            str(len(view.couples) or "-"),
            str(rnd.recall or "-"),
            rnd.tie_policy.value if not rnd.is_final else "-",
            view.status + (f" (took {view.took})" if view.took else ""),
            str(missing),
        )
    console.print(table)


@app.command()
@_guarded
def marks(
    event: Annotated[str, typer.Argument(help="event name or id")],
    files: Annotated[list[str], typer.Argument(help="CSV or JSON mark files (docs/results-sheets.md)")],
    round_no: RoundOption = None,
    by: ByOption = "scrutineer",
    reason: ReasonOption = "",
    pin: PinOption = None,
    db: DbOption = None,
) -> None:
    """Enter judges' marks for a round from CSV or JSON files (all are checked before anything is stored)."""
    from floorcraft.imports.dancesport_marks import read_file
    from floorcraft.scrutineer import events

    engine, ev, number = _round_of(db, event, round_no)
    final = number == ev.final.number
    cards, problems = [], []
    for path in files:
        try:
            cards.extend(read_file(path, _read_text(path), final=final, panel=[j.letter for j in ev.judges]))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    counts = events.enter_marks(engine, event, cards, round_no=number, by=by, reason=reason, pin=pin)
    typer.echo(
        f"round {number}: {len(cards)} card(s); {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged mark(s)"
    )


@app.command()
@_guarded
def card(
    event: Annotated[str, typer.Argument(help="event name or id")],
    values: Annotated[
        list[str], typer.Argument(help="final: COUPLE=PLACE ...; earlier rounds: the couples marked")
    ],
    judge: Annotated[str, typer.Option("--judge", "-j", help="judge letter")],
    dance: Annotated[str, typer.Option("--dance", "-d", help="dance code")],
    round_no: RoundOption = None,
    by: ByOption = "scrutineer",
    reason: ReasonOption = "",
    pin: PinOption = None,
    db: DbOption = None,
) -> None:
    """Enter one judge's card for one dance on the command line."""
    from floorcraft.model.dancesport import Card
    from floorcraft.scrutineer import events

    engine, ev, number = _round_of(db, event, round_no)
    entry = Card(dance, judge)
    bad = []
    for item in values:
        if number == ev.final.number:
            couple, _, place = item.partition("=")
            if not place.strip().isdigit() or not couple.strip():
                bad.append(f"{item!r} is not COUPLE=PLACE")
                continue
            couple_key, value = couple.strip(), int(place)
        else:
            couple_key, value = item.strip(), 1
        if couple_key in entry.values:
            bad.append(f"couple {couple_key} given twice")
        entry.values[couple_key] = value
    if bad:
        raise InvalidInput([f"dance {dance}, judge {judge}: {b}" for b in bad])
    counts = events.enter_marks(engine, event, [entry], round_no=number, by=by, reason=reason, pin=pin)
    typer.echo(
        f"round {number}, dance {dance}, judge {judge}: {counts['new']} new, {counts['changed']} changed"
    )


def _print_outcome(outcome) -> None:
    from floorcraft.reports.sheets import sheet_for_outcome
    from floorcraft.reports.sheets_terminal import render_terminal, terminal_console

    render_terminal(sheet_for_outcome(outcome), terminal_console())


@app.command()
@_guarded
def compute(
    event: Annotated[str, typer.Argument(help="event name or id")],
    round_no: RoundOption = None,
    take: TakeOption = None,
    db: DbOption = None,
) -> None:
    """Compute a round and lock its marks; a preliminary round recalls couples into the next round."""
    from floorcraft.scrutineer import events

    outcome = events.compute_round(_engine(db), event, round_no=round_no, take=take)
    _print_outcome(outcome)


@app.command()
@_guarded
def recall(
    event: Annotated[str, typer.Argument(help="event name or id")],
    round_no: RoundOption = None,
    take: TakeOption = None,
    db: DbOption = None,
) -> None:
    """Recall couples from a preliminary round into the next (a tie at the cut: round policy or --take)."""
    from floorcraft.scrutineer import events

    engine, ev, number = _round_of(db, event, round_no)
    if number == ev.final.number:
        raise InvalidInput(f"round {number} is the final: nobody is recalled from it (use: event final)")
    outcome = events.compute_round(engine, event, round_no=number, take=take)
    _print_outcome(outcome)
    typer.echo(f"recalled into round {number + 1}: {' '.join(outcome.recalled)}")


@app.command()
@_guarded
def final(event: Annotated[str, typer.Argument(help="event name or id")], db: DbOption = None) -> None:
    """Compute the final (Rules 5–11) and lock its marks."""
    from floorcraft.scrutineer import events

    engine = _engine(db)
    ev, _ = events.load(engine, event)
    _print_outcome(events.compute_round(engine, event, round_no=ev.final.number))


def _write(text: str | bytes, output: str | None) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    path = Path(output)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@app.command()
@_guarded
def export(
    event: Annotated[str, typer.Argument(help="event name or id")],
    round_no: RoundOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json")] = "csv",
    output: Annotated[str | None, typer.Option("--output", "-o", help="file (default: stdout)")] = None,
    db: DbOption = None,
) -> None:
    """Export a round's marks as CSV or JSON (the formats `event marks` reads; JSON is the contract input)."""
    from floorcraft.imports.dancesport_marks import write_csv, write_json
    from floorcraft.scrutineer import events

    if fmt not in ("csv", "json"):
        raise InvalidInput(f"--format must be csv or json, got {fmt!r}")
    data = events.round_input(_engine(db), event, round_no=round_no)
    _write(write_csv(data) if fmt == "csv" else write_json(data), output)


@app.command("set-pin")
@_guarded
def set_pin(
    event: Annotated[str, typer.Argument(help="event name or id")],
    new_pin: Annotated[
        str, typer.Option("--new-pin", prompt=True, hide_input=True, confirmation_prompt=True)
    ],
    pin: PinOption = None,
    db: DbOption = None,
) -> None:
    """Set the Chairman's PIN; from then on correcting locked marks needs it (stored as an Argon2id hash)."""
    from floorcraft.scrutineer import events

    events.set_chairman_pin(_engine(db), event, new_pin, old_pin=pin)
    typer.echo("the Chairman's PIN is set")


@app.command()
@_guarded
def audit(event: Annotated[str, typer.Argument(help="event name or id")], db: DbOption = None) -> None:
    """List every correction of a mark: round, dance, judge, couple, old and new value, who, when, why."""
    from floorcraft.scrutineer import events

    for c in events.corrections(_engine(db), event):
        typer.echo(
            f"round {c.round}\t{c.dance}\tjudge {c.judge}\tcouple {c.couple}\t{c.old_value} -> "
            f"{c.new_value}\t{c.by}\t{c.at.isoformat(timespec='seconds')}\t{c.reason}"
        )


@app.command()
@_guarded
def sheet(
    event: Annotated[str | None, typer.Argument(help="event name or id (not with --from-json)")] = None,
    round_no: RoundOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="terminal, html, csv or pdf")] = "terminal",
    paper: Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter")] = "a4",
    output: Annotated[str | None, typer.Option("--output", "-o", help="file (default: stdout)")] = None,
    from_json: Annotated[
        str | None, typer.Option("--from-json", help="render from a contract-format final/recall JSON file")
    ] = None,
    take: TakeOption = None,
    db: DbOption = None,
) -> None:
    """Print the results sheet of a round: terminal, HTML, CSV or PDF (A4/Letter, judges' signatures)."""
    from floorcraft.reports import sheets

    if fmt not in FORMATS:
        raise InvalidInput(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if paper not in ("a4", "letter"):
        raise InvalidInput(f"--paper must be a4 or letter, got {paper!r}")
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise InvalidInput("a PDF sheet needs --output FILE (or a redirect)")
    if (from_json is None) == (event is None):
        raise InvalidInput("give an EVENT or --from-json FILE (one of them)")
    if from_json is not None:
        data = sheets.load_contract_json(_read_text(from_json), source=from_json)
        built = sheets.sheet_from_contract(data, policy=take)
    else:
        from floorcraft.scrutineer import events

        built = sheets.sheet_for_outcome(
            events.round_result(_engine(db), event, round_no=round_no, take=take)
        )
    if fmt == "terminal":
        from floorcraft.reports.sheets_terminal import render_terminal, terminal_console

        if output is None:
            render_terminal(built, terminal_console())
        else:
            with open(output, "w", encoding="utf-8") as fh:
                render_terminal(built, terminal_console(fh))
        return
    from floorcraft.reports.sheets_render import render

    _write(render(built, fmt, paper=paper), output)
