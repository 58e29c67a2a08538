"""`floorcraft skating ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="skating commands", no_args_is_help=True)
