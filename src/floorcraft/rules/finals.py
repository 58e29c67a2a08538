"""Finals: who wins (tv-rules.md §2.5, §3.5, §4, §7 #13).

* ``combined`` — DWTS and Let's Dance: the finalists are ranked by combined judges' scores and votes, ties
  to the couple with more votes (§2.5, §4).
* ``public_only`` — Strictly: "the winner is determined via public vote" (§3.5).
* ``cut_then_public`` — Strictly 2008: the lowest couple on combined points is cut first, the rest are
  ranked by the public vote alone (§3.5; whether later 3-/4-couple finals did this is UNCONFIRMED, §7
  #13).

The result is a ``PeriodResult`` whose ranks are the final places (1 = winner). Nobody's status is
``eliminated`` except the couple cut first under ``cut_then_public``. Pure, standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from floorcraft.errors import InvalidInput
from floorcraft.rules.tv import Entry, Method, PeriodResult, Status, TiePolicy, compute_period

__all__ = ["FinalMode", "rank_final"]


class FinalMode(StrEnum):
    COMBINED = "combined"
    PUBLIC_ONLY = "public_only"
    CUT_THEN_PUBLIC = "cut_then_public"


def rank_final(
    entries: Sequence[Entry],
    *,
    mode: FinalMode | str = FinalMode.COMBINED,
    method: Method | str = Method.RANK_POINTS,
    judge_ties: TiePolicy | str = TiePolicy.DENSE,
    first_cut: int = 1,
) -> PeriodResult:
    """Rank a final. ``method``/``judge_ties`` apply to the combined ranking (``combined`` and the first cut
    of ``cut_then_public``); ``first_cut`` (default 1) is how many couples the first cut removes. Immunity
    does not apply in a final. Raises ``InvalidInput``."""
    if mode not in [str(m) for m in FinalMode]:
        raise InvalidInput(f"unknown final mode {mode!r} (known: {', '.join(FinalMode)})")
    entries = [replace(e, immune=False) for e in entries]
    if mode == FinalMode.COMBINED:
        return compute_period(entries, method=method, judge_ties=judge_ties, eliminate=0)
    if mode == FinalMode.PUBLIC_ONLY:
        return compute_period(entries, method=Method.PUBLIC_ONLY, judge_ties=judge_ties, eliminate=0)
    first = compute_period(entries, method=method, judge_ties=judge_ties, eliminate=first_cut)
    remaining = [e for e in entries if e.id not in first.eliminated]
    public = compute_period(remaining, method=Method.PUBLIC_ONLY, judge_ties=judge_ties, eliminate=0)
    cut_lines = [line for line in first.standings if line.id in first.eliminated]
    offset = len(remaining)
    standings = tuple(replace(line, status=Status.SAFE) for line in public.standings) + tuple(
        replace(line, rank=offset + line.rank - (len(entries) - len(cut_lines)), status=Status.ELIMINATED)
        for line in cut_lines
    )
    first_clauses = tuple(c for c in first.explanation if not c.startswith("no elimination"))
    return PeriodResult(
        standings=standings,
        eliminated=first.eliminated,
        bottom=frozenset(),
        tied_at_cut=first.tied_at_cut,
        explanation=tuple(f"first cut on combined points: {c}" for c in first_clauses)
        + tuple(f"public vote decides: {c}" for c in public.explanation),
    )
