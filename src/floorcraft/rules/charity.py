"""Charity fundraisers ("Dancing with the Stars" nights for a local cause): three awards.

Local events (tv-rules.md §5, "Charity DWTS events": paid votes, $1 or $5 per vote, "most money wins")
usually crown more than one winner. floorcraft's charity preset gives:

* **Judges' Choice** — the judges' totals alone (``Method.JUDGES_ONLY``); equal totals are a genuine tie
  unless ``break_ties_by_votes``;
* **People's Choice** — the donation votes alone (``Method.PUBLIC_ONLY``): most votes wins;
* **Grand Champion** — both combined as percentage shares with ``judges_weight`` and ``votes_weight``
  (default 1 and 1, i.e. 50/50 as on DWTS, tv-rules.md §2.1 and §7 #7); ties go to the couple with more
  votes.

No source fixes these weights for charity events, so they are settings (documented in
``docs/tv-rules.md``). Pure, standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from floorcraft.rules.tv import Entry, Method, PeriodResult, compute_period

__all__ = [
    "DEFAULT_JUDGES_WEIGHT",
    "DEFAULT_VOTES_WEIGHT",
    "grand_champion",
    "judges_choice",
    "peoples_choice",
]

DEFAULT_JUDGES_WEIGHT = Fraction(1)
DEFAULT_VOTES_WEIGHT = Fraction(1)


def judges_choice(entries: Sequence[Entry], *, break_ties_by_votes: bool = False) -> PeriodResult:
    """The Judges' Choice: rank by judges' totals only. Rank 1 wins; equal totals share a rank unless
    ``break_ties_by_votes`` (default False: the judges' award should not depend on money)."""
    field = entries if break_ties_by_votes else [replace(e, votes=0) for e in entries]
    return compute_period(field, method=Method.JUDGES_ONLY, eliminate=0)


def peoples_choice(entries: Sequence[Entry]) -> PeriodResult:
    """The People's Choice: rank by donation votes only; most votes wins, equal votes share a rank."""
    return compute_period(entries, method=Method.PUBLIC_ONLY, eliminate=0)


def grand_champion(
    entries: Sequence[Entry],
    *,
    judges_weight: Fraction | int = DEFAULT_JUDGES_WEIGHT,
    votes_weight: Fraction | int = DEFAULT_VOTES_WEIGHT,
) -> PeriodResult:
    """The Grand Champion: ``judges_weight`` × judges' share + ``votes_weight`` × vote share (percentages,
    tv-rules.md §2.1), highest wins, ties to more votes (public-vote precedence, §7 #3)."""
    return compute_period(
        entries,
        method=Method.PERCENT_SHARE,
        eliminate=0,
        judges_weight=judges_weight,
        votes_weight=votes_weight,
    )
