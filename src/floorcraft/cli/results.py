"""`floorcraft results ...`: the TV-show results engine from the command line.

``results compute FILE...`` is the machine contract of issue #2 §4 (JSON Lines, ``-`` = stdin, exit 2 if
any input is invalid); see ``docs/tv-rules.md``. Only the pure core is imported, so the command starts
fast.
"""

from __future__ import annotations

from functools import partial

import typer

app = typer.Typer(
    help="TV-show results: combine judges' scores and public votes by a show's rulebook.",
    no_args_is_help=True,
)


@app.command("compute")
def compute(
    files: list[str] = typer.Argument(..., help="JSON period files; '-' reads standard input."),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Add an 'explanation' list (sentences a producer can read aloud) to each output.",
    ),
) -> None:
    """Compute TV-show scoring periods: one JSON object per input, one per line; exit 2 if any was invalid."""
    from floorcraft.cli.contract import run_contract
    from floorcraft.rules.period_input import compute_contract

    raise typer.Exit(run_contract(files, partial(compute_contract, explain=explain)))


@app.command("presets")
def presets() -> None:
    """List the rules presets with their seasons and sources."""
    from rich.console import Console
    from rich.table import Table

    from floorcraft.rules.presets import PRESETS

    table = Table(
        "preset", "show and era", "seasons", "method", "judge ties", "elimination", "final", "sources"
    )
    for p in PRESETS.values():
        elimination = p.elimination if not p.save_rule else f"bottom {p.bottom_size}, {p.save_rule}"
        table.add_row(
            p.name,
            p.title,
            p.seasons,
            str(p.method),
            str(p.judge_ties),
            elimination,
            str(p.final_mode),
            "; ".join(p.sources),
        )
    Console().print(table)
