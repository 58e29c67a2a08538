"""``floorcraft demo``: a demo season on an embedded SQLite file (placeholder until issue #2 lands)."""

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def demo() -> None:
        """Run the demo season."""
        typer.echo("demo season: not yet implemented")
