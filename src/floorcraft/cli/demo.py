"""``floorcraft demo``: the demo season computed and shown in the terminal (issue #2).

``floorcraft demo [--db URL]`` creates or reuses ``floorcraft.sqlite`` in the current directory (or the given
database), replaces the demo season and plays it week by week: leaderboards, standings with the explanation a
producer reads aloud, eliminations, and the final season table, with a progress bar. The terminal run is
:func:`run_terminal_demo`, so that a later ``demo`` (the live-show server) can keep offering it.
"""

from __future__ import annotations

import typer


def run_terminal_demo(db: str | None = None, *, console=None) -> int:
    """Play the demo season on ``db`` (default: ``FLOORCRAFT_DB`` or ``floorcraft.sqlite``) with Rich output.
    Returns the process exit code."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.rule import Rule

    from floorcraft.cli.season import engine_for
    from floorcraft.cli.season_views import leaderboard_table, print_computation, season_table_view
    from floorcraft.show.demo import demo_data, demo_weeks, run_demo

    out = console or Console()
    engine = engine_for(db)
    data = demo_data()
    total = demo_weeks(data)
    out.print(f"[bold]floorcraft demo[/] — database {engine.url.render_as_string(hide_password=True)}")
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), console=out
    ) as progress:
        task = progress.add_task("season", total=total)

        def on_event(event) -> None:
            p = progress.console
            if event.kind == "created":
                s = event.season
                p.print(f"created [bold]{s.title}[/] ({len(s.couples)} couples, preset {s.preset})")
            elif event.kind == "week":
                period = event.season.period(event.week)
                progress.update(task, description=f"week {event.week}: {period.title}")
                p.print(Rule(f"Week {event.week}: {period.title}"))
            elif event.kind == "scored":
                p.print(leaderboard_table(event.season, event.week))
            elif event.kind == "computed":
                print_computation(p, event.season, event.computation)
            elif event.kind == "confirmed":
                d, s = event.decision, event.season
                for c in d.withdrawn:
                    p.print(f"[bold yellow]Withdrawn: {s.couple(c).name} ({c})[/]")
                out_ = ", ".join(f"{s.couple(c).name} ({c})" for c in d.eliminated)
                if d.winner:
                    p.print(f"[bold green]Champions: {s.couple(d.winner).name}[/]")
                elif out_:
                    p.print(f"[bold red]Leaving: {out_}[/]")
                elif not d.withdrawn or d.rolled_over:
                    p.print(
                        "[bold]Nobody is eliminated[/]"
                        + (": scores and votes roll over" if d.rolled_over else "")
                    )
                progress.advance(task)

        season = run_demo(engine, on_event=on_event, data=data)
    out.print(Rule("Season table"))
    out.print(season_table_view(season))
    out.print(
        f"Explore it: floorcraft season show {season.id} · season table {season.id} · "
        f"season export {season.id} --format json"
    )
    engine.dispose()
    return 0


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: str | None = typer.Option(
            None, "--db", help="Database URL or SQLite file (default: $FLOORCRAFT_DB or floorcraft.sqlite)."
        ),
    ) -> None:
        """Run the demo season (12+ couples, 10 weeks) in the terminal on an embedded SQLite file."""
        from floorcraft.cli.season import cli_errors

        with cli_errors():
            raise typer.Exit(run_terminal_demo(db))
