"""`floorcraft bench ...` commands (placeholder until its issue lands)."""

import typer

app = typer.Typer(help="benchmarks", no_args_is_help=True)
