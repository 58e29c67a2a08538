"""`floorcraft results ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="results commands", no_args_is_help=True)
