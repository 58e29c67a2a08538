"""The ``floorcraft`` command line (Typer + Rich).

The CLI is a thin adapter: each command parses its input, calls the core or a service and prints the result.
Command modules import heavy libraries (SQLAlchemy, matplotlib, ...) inside the command functions so that the
machine-contract commands (``results compute``, ``skating final``/``recall``) start quickly.

Exit codes: 0 success, 2 bad input / usage (any ``FloorcraftError`` from the user's data), 1 internal error.
"""

from __future__ import annotations

import typer

from floorcraft.cli import bench, data, demo, event, results, season, skating, votes

app = typer.Typer(
    name="floorcraft",
    help="Run dance competitions end to end: TV-style shows and DanceSport scrutineering.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(results.app, name="results")
app.add_typer(skating.app, name="skating")
app.add_typer(season.app, name="season")
app.add_typer(event.app, name="event")
app.add_typer(data.app, name="data")
app.add_typer(votes.app, name="votes")
app.add_typer(bench.app, name="bench")
demo.register(app)


def main() -> None:
    app()
