"""Checks shared by the show service's actions: an open week, couples still in, finding a performance."""

from __future__ import annotations

from floorcraft.errors import Conflict, InvalidInput, NotFound, Problems
from floorcraft.model.performance import Performance
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in


def check_open(season: Season, week: int) -> None:
    """Conflict when the week's decision is already confirmed (its facts are closed)."""
    if season.decision(week) is not None:
        raise Conflict(f"week {week} is already confirmed")


def check_in_play(season: Season, week: int, couples) -> None:
    """InvalidInput naming every couple that is no longer in the competition in ``week``."""
    playing = couples_in(season, week)
    problems = Problems()
    for couple in couples:
        season.couple(couple)
        if couple not in playing:
            problems.add(f"week {week}: couple {couple} is no longer in the competition")
    problems.raise_if_any()


def find_performance(season: Season, week: int, ref: str, *, dance: str | None = None) -> Performance:
    """The performance ``ref`` names in ``week``: a performance id (``"3.2"``) or a couple id (with
    ``dance`` when the couple danced more than once)."""
    season.period(week)
    for perf in season.performances_in(week):
        if perf.id == ref:
            return perf
    season.couple(ref)
    found = [p for p in season.performances_in(week) if ref in p.couples]
    if dance is not None:
        found = [p for p in found if p.dance.lower() == dance.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"week {week}: couple {ref} has no performance" + (f" of {dance!r}" if dance else ""))
    choices = ", ".join(f"{p.id} {p.dance or p.kind}" for p in found)
    raise InvalidInput(f"week {week}: couple {ref} danced {len(found)} times ({choices}); name the dance")
