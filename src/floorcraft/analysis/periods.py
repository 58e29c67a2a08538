"""Vote periods of a real season: the weeks whose judges' totals and votes decided each elimination.

tv-rules.md §2.4: after a week with no elimination, judges' scores and votes carry over and combine with the
next week's (raw sums by default, the S28 precedent; §7 #6). A couple that withdrew is left out of the periods
that contain its last scored week. A week whose eliminated couple has no scores in it cannot be analysed and
says so (S18 Diana Nyad). The last week of a season is its final: the finalists' placements order them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from floorcraft.analysis.records import SeasonRecord

ROLLOVER_MERGES = ("raw_sum", "normalise_per_week", "none")


@dataclass(frozen=True)
class VotePeriod:
    """One decision of a season: the weeks it spans, each couple's judges' total, and what happened."""

    season: int
    weeks: tuple[int, ...]
    totals: dict[str, Fraction]
    eliminated: tuple[str, ...]
    withdrawn: tuple[str, ...] = ()
    final: bool = False
    placements: dict[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        weeks = "+".join(str(w) for w in self.weeks)
        return f"week {weeks}" + (" (final)" if self.final else "")

    @property
    def week(self) -> int:
        return self.weeks[-1]


def _week_total(season: SeasonRecord, week: int, couple: str, merge: str) -> Fraction | None:
    rows = [p for p in season.performances if p.week == week and p.couple == couple]
    if not rows:
        return None
    total = sum((p.total for p in rows), Fraction(0))
    if merge == "normalise_per_week":
        possible = sum(10 * len(p.scores) for p in rows)
        return total / possible
    return total


def _period(season: SeasonRecord, weeks: list[int], merge: str, final: bool) -> VotePeriod:
    week = weeks[-1]
    withdrawn = sorted({c for w in weeks for c in season.withdrawn_in(w)})
    eliminated = tuple(c for c in season.eliminated_in(week) if c not in withdrawn)
    dancing = sorted(c for c in season.week_totals(week) if c not in withdrawn)
    problems: list[str] = []
    totals: dict[str, Fraction] = {}
    for couple in dancing:
        parts = [_week_total(season, w, couple, merge) for w in weeks]
        if any(part is None for part in parts):
            missing = [w for w, part in zip(weeks, parts, strict=True) if part is None]
            problems.append(f"{couple} has no scores in week {', '.join(map(str, missing))} of the period")
            continue
        totals[couple] = sum(parts, Fraction(0))
    for couple in eliminated:
        if couple not in totals and couple not in dancing:
            problems.append(f"{couple} was eliminated in week {week} but has no scores in it")
    placements = {}
    if final:
        placements = {
            c: season.couples[c].placement for c in totals if season.couples[c].placement is not None
        }
        missing = sorted(c for c in totals if c not in placements)
        if missing and season.has_results:
            problems.append(f"finalists without a placement: {', '.join(missing)}")
    return VotePeriod(
        season.number, tuple(weeks), totals, eliminated, tuple(withdrawn), final, placements, tuple(problems)
    )


def vote_periods(season: SeasonRecord, *, rollover_merge: str = "raw_sum") -> list[VotePeriod]:
    """The decisions of ``season`` in order (tv-rules.md §2.4, §2.5).

    ``rollover_merge`` (default ``raw_sum``, tv-rules.md §7 #6): how a week with no elimination joins the
    next one: ``raw_sum`` adds judges' totals, ``normalise_per_week`` adds each week's fraction of the
    possible points, ``none`` drops the week (each elimination week stands alone).
    """
    if rollover_merge not in ROLLOVER_MERGES:
        raise ValueError(f"unknown rollover_merge {rollover_merge!r} (known: {', '.join(ROLLOVER_MERGES)})")
    merge = "raw_sum" if rollover_merge == "none" else rollover_merge
    periods: list[VotePeriod] = []
    pending: list[int] = []
    final = season.final_week
    for week in season.weeks():
        weeks = [*pending, week]
        if week == final:
            periods.append(_period(season, weeks, merge, final=True))
        elif season.eliminated_in(week):
            periods.append(_period(season, weeks, merge, final=False))
            pending = []
        elif rollover_merge != "none":
            pending = weeks
    return periods
