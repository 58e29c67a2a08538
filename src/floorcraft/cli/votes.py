"""`floorcraft votes ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="votes commands", no_args_is_help=True)
