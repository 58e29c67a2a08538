"""`floorcraft event ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="event commands", no_args_is_help=True)
