"""Explanations a producer can read aloud for one TV-show scoring period.

Each clause is one decision or one tie and names the numbers behind it, e.g. (tv-rules.md §6.1)::

    Rachel Hunter leaves: 3 judges' points + 1 public point = 4, lowest
    Joey McIntyre and John O'Hurley tied on 5, Joey McIntyre ranks higher on public votes

Clause order: the couples cut (lowest first), a tie at the cut, ties decided by public votes (from the
bottom up), genuine ties, immunity. Rank points print as integers, shares with two decimals (exact values
are in the standings). Pure, standard library only; statuses and methods are compared as their string
values so this module does not import ``tv`` (which imports it).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from floorcraft.rules.tv import Standing


def number(value: Fraction | int) -> str:
    """Integers as integers, anything else with two decimals (for reading aloud, never for deciding)."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    cents = round(value * 100)  # exact: no float, so no overflow on huge shares
    whole, hundredths = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole:,}.{hundredths:02d}"


def _points(value: Fraction | int, noun: str) -> str:
    return f"{number(value)} {noun}{'' if value == 1 else 's'}"


def _weighted(weight: Fraction, text: str) -> str:
    return text if weight == 1 else f"{number(weight)} × {text}"


def score_sum(line: Standing, method: str, weights: tuple[Fraction, Fraction]) -> str:
    """'3 judges' points + 1 public point = 4' (rank points) or the share version (percentages)."""
    jw, vw = weights
    if method == "rank_points":
        judges = _weighted(jw, _points(line.judges_score, "judges' point"))
        public = _weighted(vw, _points(line.vote_score, "public point"))
    elif method == "percent_share":
        judges = _weighted(jw, f"{number(line.judges_score)}% of the judges' points")
        public = _weighted(vw, f"{number(line.vote_score)}% of the public vote")
    elif method == "public_only":
        return f"{number(line.vote_score)}% of the public vote ({line.votes:,} votes)"
    else:
        return (
            f"{number(line.judges_score)}% of the judges' points (judges' total {number(line.judges_total)})"
        )
    return f"{judges} + {public} = {number(line.combined)}"


def _names(ids: Sequence[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def _ordinal_lowest(position: int) -> str:
    if position == 1:
        return "lowest"
    suffix = {2: "nd", 3: "rd"}.get(position if position < 20 else position % 10, "th")
    return f"{position}{suffix} lowest"


def explain_period(
    standings: Sequence[Standing], *, method: str, size: int, bottom: bool, weights: tuple[Fraction, Fraction]
) -> tuple[str, ...]:
    """The explanation clauses for a computed period (see the module docstring)."""
    clauses: list[str] = []
    non_immune_from_bottom = [s for s in reversed(standings) if not s.immune]
    cut_status = "bottom" if bottom else "eliminated"
    for position, line in enumerate(non_immune_from_bottom, start=1):
        if line.status != cut_status:
            continue
        joint = sum(1 for s in non_immune_from_bottom if s.rank == line.rank) > 1
        where = ("joint " if joint else "") + _ordinal_lowest(position)
        verb = "is in the bottom group" if bottom else "leaves"
        clauses.append(f"{line.id} {verb}: {score_sum(line, method, weights)}, {where}")
    tied = [s.id for s in standings if s.status == "tied"]
    if tied:
        line = next(s for s in standings if s.status == "tied")
        outcome = "none of them is in the bottom group" if bottom else "none of them leaves"
        clauses.append(
            f"{_names(tied)} tied at the cut on {number(line.combined)} with equal public votes "
            f"({line.votes:,}): {outcome}; a tie at the cut is for the producer to decide"
        )
    groups = [list(g) for _, g in groupby(standings, key=lambda s: s.combined)]
    for group in reversed(groups):
        if len(group) < 2:
            continue
        ids = [s.id for s in group]
        if len({s.votes for s in group}) == 1:
            if not any(s.status == "tied" for s in group):
                clauses.append(
                    f"{_names(ids)} tied on {number(group[0].combined)} with equal public votes "
                    f"({group[0].votes:,}): a genuine tie, they share rank {group[0].rank}"
                )
            continue
        if len(group) == 2:
            clauses.append(
                f"{_names(ids)} tied on {number(group[0].combined)}, {ids[0]} ranks higher on public votes"
            )
        else:
            clauses.append(
                f"{_names(ids)} tied on {number(group[0].combined)}, public votes order them "
                + ", ".join(f"{s.id} ({s.votes:,})" for s in group)
            )
    for line in standings:
        if line.immune:
            clauses.append(
                f"{line.id} is immune: ranked {line.rank} on {number(line.combined)}, skipped at the cut"
            )
    if size == 0 and not clauses:
        clauses.append("no elimination this period")
    return tuple(clauses)
