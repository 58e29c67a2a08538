"""``floorcraft demo``: the live show served on the demo season (issue #5), or the season in the terminal.

``floorcraft demo [--host H] [--port P] [--db FILE] [--fresh]`` creates or reuses ``floorcraft.sqlite`` in the
current directory, seeds the demo season (the first weeks played, the next waiting for a live night) with
demo accounts (a producer, one per judge, a scrutineer) and a display token, prints the URLs and logins and
serves the pages and the API (``/openapi.json``) with uvicorn.

``floorcraft demo --terminal [--db URL]`` replaces the demo season and plays it week by week in the terminal
(issue #2): leaderboards, standings with the explanation a producer reads aloud, eliminations and the final
season table, with a progress bar (:func:`run_terminal_demo`).
"""

from __future__ import annotations

import contextlib

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


#: The demo's accounts: username -> (role, judge id, password). Printed at start; for a demo only.
def demo_accounts(judges: list[str]) -> dict[str, tuple[str, str | None, str]]:
    people = {
        "producer": ("producer", None, "producer-demo"),
        "scrutineer": ("scrutineer", None, "scrutineer-demo"),
    }
    return people | {j: ("judge", j, f"{j}-demo") for j in judges}


def prepare_live_demo(db: str | None, *, fresh: bool = False, weeks_played: int | None = None):
    """Open (or create) the store, seed the demo season for a live night unless it is there already (or
    ``fresh``), create the demo accounts that are missing and issue a display token.
    Returns ``(engine, season, accounts, display token, seeded)``."""
    from floorcraft.cli.season import engine_for
    from floorcraft.errors import Conflict
    from floorcraft.show import live, service
    from floorcraft.show.live_demo import DEFAULT_WEEKS_PLAYED, seed_live_demo
    from floorcraft.web.auth import accounts
    from floorcraft.web.auth.passwords import Passwords

    engine = engine_for(db)
    seeded = fresh or "demo" not in service.season_keys(engine)
    if seeded:
        live.reset(engine, "demo")
        season = seed_live_demo(
            engine, weeks_played=DEFAULT_WEEKS_PLAYED if weeks_played is None else weeks_played
        )
    else:
        season = service.load(engine, "demo")
    people = demo_accounts([j.id for j in season.judges])
    passwords = Passwords()
    for username, (role, judge, password) in people.items():
        with contextlib.suppress(Conflict):  # kept from an earlier run (its password may have changed)
            accounts.create_account(
                engine,
                passwords,
                username=username,
                password=password,
                role=role,
                judge_ref=judge,
                created_by="demo",
            )
    token = accounts.issue_display_token(engine, name="demo big screen", created_by="demo")
    return engine, season, people, token, seeded


def serve_demo(
    db: str | None,
    *,
    host: str,
    port: int,
    fresh: bool = False,
    weeks_played: int | None = None,
    console=None,
) -> int:
    """Seed (or reuse) the demo and serve the live show with uvicorn until interrupted."""
    import os
    import secrets

    import uvicorn
    from rich.console import Console
    from rich.table import Table

    from floorcraft.show import live
    from floorcraft.web.show_app import create_show_app

    out = console or Console()
    engine, season, people, token, seeded = prepare_live_demo(db, fresh=fresh, weeks_played=weeks_played)
    state = live.current(engine, season.id)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    out.print(f"[bold]floorcraft demo[/] — {season.title}")
    out.print(
        f"database {engine.url.render_as_string(hide_password=True)} "
        + ("(demo season seeded)" if seeded else "(demo season reused; --fresh to start over)")
    )
    if state.week is not None:
        out.print(
            f"tonight: week {state.week}, {len(state.running_order)} performances, "
            f"panel {', '.join(state.panel)}"
        )
    judges = ", ".join(state.panel or [j.id for j in season.judges])
    for label, url in (
        ("control room (producer)", f"{base}/control"),
        (f"judge tablets (sign in as {judges})", f"{base}/judge/{season.id}"),
        ("big screen (display token)", f"{base}/display/{token}"),
        ("voter phone", f"{base}/vote"),
        ("results", f"{base}/results"),
        ("API document", f"{base}/openapi.json"),
    ):
        out.print(f"  {label:<30} {url}", soft_wrap=True, highlight=False)
    logins = Table(title="Demo logins (for a demo only)")
    logins.add_column("username")
    logins.add_column("password")
    logins.add_column("role")
    for username, (role, judge, password) in people.items():
        logins.add_row(username, password, role + (f" ({judge})" if judge else ""))
    out.print(logins)
    if host in ("0.0.0.0", "::"):
        out.print("Serving on every interface: use this machine's address on the hall network.")
    secret = os.environ.get("FLOORCRAFT_SECRET") or secrets.token_urlsafe(32)  # random: restarts sign out
    app = create_show_app(engine=engine, secret=secret, season=season.id)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: str | None = typer.Option(
            None, "--db", help="Database URL or SQLite file (default: $FLOORCRAFT_DB or floorcraft.sqlite)."
        ),
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to serve on (0.0.0.0: the hall network)."
        ),
        port: int = typer.Option(8000, "--port", help="Port to serve on."),
        fresh: bool = typer.Option(
            False, "--fresh", help="Seed the demo season again (forgets the live night)."
        ),
        terminal: bool = typer.Option(
            False, "--terminal", help="Play the whole demo season in the terminal instead of serving it."
        ),
    ) -> None:
        """Serve the live show (control room, judge tablets, big screen, voter pages, results, API) on the
        demo season; --terminal plays the whole season in the terminal instead."""
        from floorcraft.cli.season import cli_errors

        with cli_errors():
            if terminal:
                raise typer.Exit(run_terminal_demo(db))
            raise typer.Exit(serve_demo(db, host=host, port=port, fresh=fresh))
