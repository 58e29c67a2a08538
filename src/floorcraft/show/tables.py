"""Derived tables of a season: the judges' leaderboard of a week and the season table (never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from floorcraft.model.decision import Outcome
from floorcraft.model.scores import format_points
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in, judges_total


@dataclass(frozen=True)
class DanceLine:
    performance: str
    dance: str
    kind: str
    scores: tuple[tuple[str, Fraction], ...]  # (judge, official score) in panel order

    @property
    def total(self) -> Fraction:
        return sum((v for _, v in self.scores), Fraction(0))


@dataclass(frozen=True)
class LeaderboardLine:
    rank: int
    couple: str
    name: str
    dances: tuple[DanceLine, ...]
    bonus: Fraction
    judges_total: Fraction
    immune: bool


def leaderboard(season: Season, week: int) -> list[LeaderboardLine]:
    """The week's judges' leaderboard: each couple's dances and scores, bonus and total, highest first, with
    standard competition ranks (equal totals share a rank)."""
    period = season.period(week)
    lines = []
    for couple in couples_in(season, week):
        dances = []
        for perf in season.performances_in(week):
            if couple in perf.couples and perf.kind.counts_towards_total:
                scored = {s.judge: s.value for s in season.scores_for(perf.id)}
                dances.append(
                    DanceLine(
                        perf.id,
                        perf.dance,
                        perf.kind.value,
                        tuple((j, scored[j]) for j in period.panel if j in scored),
                    )
                )
        bonus = sum((b.points for b in season.bonuses_in(week) if b.couple == couple), Fraction(0))
        total = judges_total(season, week, couple)
        lines.append((couple, tuple(dances), bonus, total))
    lines.sort(key=lambda t: (-t[3], season.couples.index(season.couple(t[0]))))
    out = []
    for i, (couple, dances, bonus, total) in enumerate(lines):
        rank = out[-1].rank if out and out[-1].judges_total == total else i + 1
        out.append(
            LeaderboardLine(
                rank, couple, season.couple(couple).name, dances, bonus, total, couple in period.immune
            )
        )
    return out


@dataclass(frozen=True)
class SeasonRow:
    couple: str
    name: str
    weeks: tuple[str, ...]  # per week: judges' total with a mark, or "" when not taking part
    result: str
    order: tuple[int, int]  # sort key: still in / final place first, then by week left (later = higher)


MARKS = {
    Outcome.ELIMINATED: " ✗",
    Outcome.WITHDRAWN: " WD",
    Outcome.SAVED: " S",
    Outcome.BOTTOM: " B",
    Outcome.TIED: " T",
    Outcome.WINNER: " ★",
}
LEGEND = "✗ eliminated · S saved by the judges · B bottom group · T tied at the cut · WD withdrew · ★ winner"


def season_table(season: Season) -> tuple[tuple[int, ...], list[SeasonRow]]:
    """The season at a glance: one row per couple, one column per week (judges' total, marked ✗ when
    eliminated, ★ for the winner), and the result. Rows: winner and finalists first, then latest exits."""
    weeks = tuple(sorted(p.number for p in season.periods))
    rows = []
    for c in season.couples:
        cells, result, order = [], "in the competition", (0, 0)
        for week in weeks:
            if c.id not in couples_in(season, week) and c.id not in season.period(week).withdrawn:
                cells.append("")
                continue
            scored = any(
                c.id in p.couples and p.kind.counts_towards_total and season.scores_for(p.id)
                for p in season.performances_in(week)
            )
            text = format_points(judges_total(season, week, c.id)) if scored else "·"
            decision = season.decision(week)
            for o in decision.outcomes if decision else ():
                if o.couple != c.id:
                    continue
                text += MARKS.get(o.outcome, "")
                if o.outcome in (Outcome.WINNER, Outcome.PLACED):
                    result, order = _place(o.place), (0, o.place or 0)
                elif o.outcome is Outcome.ELIMINATED:
                    result, order = f"out week {week}", (1, -week)
                elif o.outcome is Outcome.WITHDRAWN:
                    result, order = f"withdrew week {week}", (1, -week)
            cells.append(text)
        rows.append(SeasonRow(c.id, c.name, tuple(cells), result, order))
    rows.sort(key=lambda r: r.order)
    return weeks, rows


def _place(place: int | None) -> str:
    if place == 1:
        return "winner"
    suffix = {2: "nd", 3: "rd"}.get(place or 0, "th")
    return f"{place}{suffix} place"
