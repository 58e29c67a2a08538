"""`floorcraft season ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="season commands", no_args_is_help=True)
