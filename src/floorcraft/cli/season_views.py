"""Rich renderings of a season for the terminal (``floorcraft season ...`` and ``floorcraft demo``).

Imported only inside command functions (it pulls in Rich tables and the show service).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from floorcraft.model.scores import format_points
from floorcraft.model.season import Season
from floorcraft.show.compute import PeriodComputation
from floorcraft.show.tables import LEGEND, leaderboard, season_table

STATUS_STYLE = {
    "eliminated": "bold red",
    "bottom": "yellow",
    "tied": "magenta",
    "immune": "cyan",
    "safe": "green",
}


def season_summary(season: Season) -> Table:
    table = Table(title=f"{season.title} ({season.id}) — preset {season.preset}", title_justify="left")
    table.add_column("couple")
    table.add_column("celebrity")
    table.add_column("professional")
    for c in season.couples:
        table.add_row(c.id, c.celebrity, c.professional)
    return table


def judges_table(season: Season) -> Table:
    table = Table("judge", "name", "role", title="Judges", title_justify="left")
    for j in season.judges:
        table.add_row(j.id, j.name, j.role.value)
    return table


def weeks_table(season: Season) -> Table:
    table = Table(
        "week",
        "title",
        "panel",
        "cut",
        "immune",
        "dances",
        "notes",
        "decision",
        title="Weeks",
        title_justify="left",
    )
    for p in sorted(season.periods, key=lambda p: p.number):
        cut = "final" if p.final else f"bottom {p.bottom}" if p.bottom else f"eliminate {p.eliminate}"
        d = season.decision(p.number)
        decided = "—"
        if d is not None:
            decided = ", ".join(f"{o.couple} {o.outcome.value}" for o in d.outcomes) or (
                "rolled over" if d.rolled_over else "no elimination"
            )
        table.add_row(
            str(p.number),
            p.title,
            " ".join(p.panel),
            cut,
            " ".join(p.immune),
            str(len(season.performances_in(p.number))),
            "; ".join(
                [f"{x.couple} dances with {x.professional}" for x in p.substitutes]
                + [f"{w.couple} withdraws" + (f" ({w.reason})" if w.reason else "") for w in p.withdrawals]
            ),
            decided,
        )
    return table


def leaderboard_table(season: Season, week: int) -> Table:
    period = season.period(week)
    table = Table(title=f"Week {week}: {period.title} — judges' leaderboard", title_justify="left")
    table.add_column("rank", justify="right")
    table.add_column("couple")
    table.add_column("dances")
    table.add_column("bonus", justify="right")
    table.add_column("total", justify="right", style="bold")
    for line in leaderboard(season, week):
        dances = "; ".join(_dance(d) for d in line.dances)
        name = f"{line.couple} {line.name}" + (" [cyan](immune)[/]" if line.immune else "")
        table.add_row(
            str(line.rank),
            name,
            dances,
            format_points(line.bonus) if line.bonus else "",
            format_points(line.judges_total),
        )
    return table


def _dance(d) -> str:
    marks = ", ".join(format_points(v) for _, v in d.scores)
    return f"{d.dance or d.kind} {format_points(d.total)} ({marks})"


def standings_table(season: Season, comp: PeriodComputation) -> Table:
    percent = any(line.judges_score.denominator != 1 for line in comp.result.standings)
    weeks = " + ".join(str(n) for n in comp.chain)
    table = Table(title=f"Week {comp.period} standings (weeks {weeks})", title_justify="left")
    for col, just in (
        ("rank", "right"),
        ("couple", "left"),
        ("judges' total", "right"),
        ("judges", "right"),
        ("votes", "right"),
        ("public", "right"),
        ("combined", "right"),
        ("status", "left"),
    ):
        table.add_column(col, justify=just)

    def num(value) -> str:
        return f"{float(value):.2f}" if percent or value.denominator != 1 else format_points(value)

    for line in comp.result.standings:
        style = STATUS_STYLE.get(str(line.status), "")
        table.add_row(
            str(line.rank),
            f"{line.id} {season.couple(line.id).celebrity}",
            format_points(line.judges_total),
            num(line.judges_score),
            f"{line.votes:,}",
            num(line.vote_score),
            num(line.combined),
            f"[{style}]{line.status}[/]" if style else str(line.status),
        )
    return table


def print_computation(console: Console, season: Season, comp: PeriodComputation) -> None:
    console.print(standings_table(season, comp))
    console.print("[bold]Explanation[/]")
    for line in comp.explanation:
        console.print(f"  • {line}")


def season_table_view(season: Season) -> Table:
    weeks, rows = season_table(season)
    table = Table(title=f"{season.title}: season table", title_justify="left", caption=LEGEND)
    table.add_column("couple", no_wrap=True)
    for w in weeks:
        table.add_column(f"W{w}", justify="right")
    table.add_column("result")
    for row in rows:
        style = "bold green" if row.result == "winner" else ""
        table.add_row(
            f"{row.couple} {season.couple(row.couple).celebrity}",
            *row.weeks,
            f"[{style}]{row.result}[/]" if style else row.result,
        )
    return table
