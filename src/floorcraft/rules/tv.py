"""TV-show scoring periods: combine judges' totals and public votes, rank, and take the cut.

One scoring period (tv-rules.md §0) gives each couple a judges' total and a public-vote count. A
combination method turns both into scores (rank points §2.1/§3.2/§4, percentage shares §2.1), couples are
ordered by combined score with public-vote precedence on ties (§3.2, §7 #3), and the elimination step
removes the lowest non-immune couples or picks a bottom group (§2.2, §2.4, §3.3). Pure and standard
library only; every comparison is exact (ints and ``Fraction``), floats appear only when an adapter prints
the result.

Every setting the sources leave open is a keyword argument with a documented default
(``docs/tv-rules.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import lcm
from numbers import Rational
from typing import Any

from floorcraft.errors import InvalidInput
from floorcraft.rules.ranking import TiePolicy, competition_ranks, ranking_points
from floorcraft.rules.tv_explain import explain_period

__all__ = [
    "Entry",
    "Method",
    "PeriodResult",
    "Standing",
    "Status",
    "TiePolicy",
    "compute_period",
    "entry_problems",
    "rank_period",
    "settings_problems",
    "sum_problems",
]


class Method(StrEnum):
    """How judges' totals and votes become one combined score (tv-rules.md §2.1, §3.2, §3.5, §4)."""

    RANK_POINTS = (
        "rank_points"  # N points for the best judges' total / most votes; DWTS S1–2, S28+, Strictly, RTL
    )
    PERCENT_SHARE = "percent_share"  # 100 × own / sum, judges and votes; DWTS S3–27
    PUBLIC_ONLY = "public_only"  # the vote share alone: Strictly's final (§3.5), a People's Choice
    JUDGES_ONLY = "judges_only"  # the judges' share alone: a Judges' Choice award (charity)


CONTRACT_METHODS = (Method.RANK_POINTS, Method.PERCENT_SHARE)


class Status(StrEnum):
    SAFE = "safe"
    ELIMINATED = "eliminated"
    BOTTOM = "bottom"
    IMMUNE = "immune"
    TIED = "tied"


@dataclass(frozen=True)
class Entry:
    """One couple in one period: the judges' total (all judges × all dances + bonus) and the vote count."""

    id: str
    judges_total: Fraction
    votes: int
    immune: bool = False


@dataclass(frozen=True)
class Standing:
    """A couple's line in the period table. ``rank`` is a standard competition rank (1, 2, 2, 4)."""

    id: str
    judges_total: Fraction
    judges_score: Fraction
    vote_score: Fraction
    combined: Fraction
    votes: int
    rank: int
    status: Status
    immune: bool


@dataclass(frozen=True)
class PeriodResult:
    """Standings in non-decreasing rank order, the decision sets, and the explanation clauses."""

    standings: tuple[Standing, ...]
    eliminated: frozenset[str]
    bottom: frozenset[str]
    tied_at_cut: frozenset[str]
    explanation: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The explanation as one sentence a producer can read aloud."""
        return "; ".join(self.explanation)

    def standing(self, couple: str) -> Standing:
        for line in self.standings:
            if line.id == couple:
                return line
        raise KeyError(couple)


# --- validation -------------------------------------------------------------------------------------------


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _exact(value: Any) -> Fraction | None:
    """An exact rational for int / Fraction / Decimal, else None (floats and bools are refused)."""
    if type(value) is Fraction:
        return value
    if type(value) is int:
        return Fraction(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    return None


def _cut_problem(name: str, value: Any, non_immune: int) -> str | None:
    if not _is_count(value):
        return f"{name} must be a non-negative integer, got {value!r}"
    if value and value >= non_immune:
        return (
            f"{name} = {value} must be less than the number of non-immune couples ({non_immune}), "
            "or 0 for no cut"
        )
    return None


def settings_problems(
    *,
    method: Any,
    judge_ties: Any,
    eliminate: Any,
    bottom: Any,
    non_immune: int,
    judges_weight: Any = 1,
    votes_weight: Any = 1,
    methods: Iterable[Method] = tuple(Method),
) -> list[str]:
    """Every problem with the period settings (method, tie policy, cut sizes, weights)."""
    problems: list[str] = []
    allowed = [str(m) for m in methods]
    if method not in allowed:
        problems.append(f"unknown method {method!r} (known: {', '.join(allowed)})")
    if judge_ties not in [str(p) for p in TiePolicy]:
        problems.append(f"unknown judge_ties {judge_ties!r} (known: {', '.join(TiePolicy)})")
    for name, value in (("eliminate", eliminate), ("bottom", bottom)):
        problem = _cut_problem(name, value, non_immune)
        if problem:
            problems.append(problem)
    weights = [
        (name, _exact(w)) for name, w in (("judges_weight", judges_weight), ("votes_weight", votes_weight))
    ]
    for name, weight in weights:
        if weight is None or weight < 0:
            problems.append(f"{name} must be a non-negative exact number")
    if all(weight == 0 for _, weight in weights):
        problems.append("judges_weight and votes_weight cannot both be 0")
    return problems


def entry_problems(entries: Sequence[Entry], method: Any) -> list[str]:
    """Every problem with the couples of one period (ids, totals, votes, and sums the method divides by)."""
    problems: list[str] = []
    if len(entries) < 2:
        problems.append(f"a period needs at least 2 couples, got {len(entries)}")
    seen: dict[str, int] = {}
    totals_ok = votes_ok = True
    for index, entry in enumerate(entries):
        where = f"couple {entry.id!r}" if isinstance(entry.id, str) else f"entry {index}"
        if not isinstance(entry.id, str):
            problems.append(f"entry {index}: id must be a string, got {entry.id!r}")
        elif entry.id in seen:
            problems.append(f"{where}: duplicate id (entries {seen[entry.id]} and {index})")
        else:
            seen[entry.id] = index
        if _exact(entry.judges_total) is None:
            problems.append(f"{where}: judges_total must be an exact number, got {entry.judges_total!r}")
            totals_ok = False
        if not _is_count(entry.votes):
            problems.append(f"{where}: votes must be a non-negative integer, got {entry.votes!r}")
            votes_ok = False
        if not isinstance(entry.immune, bool):
            problems.append(f"{where}: immune must be true or false, got {entry.immune!r}")
    if totals_ok and votes_ok:
        problems += sum_problems(entries, method)
    return problems


def sum_problems(entries: Sequence[Entry], method: Any) -> list[str]:
    """Problems with the sums a percentage method divides by (valid entries assumed)."""
    problems: list[str] = []
    if not entries:
        return problems
    if method in (Method.PERCENT_SHARE, Method.JUDGES_ONLY):
        judges_sum = sum(_exact(e.judges_total) for e in entries)
        if judges_sum <= 0:
            problems.append(
                f"{method} needs a positive sum of judges' totals to take shares of, "
                f"got {_plain(judges_sum)} (check the bonuses)"
            )
    if method in (Method.PERCENT_SHARE, Method.PUBLIC_ONLY) and sum(e.votes for e in entries) == 0:
        problems.append(f"{method} needs at least one public vote: the votes sum to 0")
    return problems


def _plain(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


# --- the engine -------------------------------------------------------------------------------------------


def shares(values: Sequence[Fraction | int]) -> list[Fraction]:
    """Percentage shares, exact: 100 × value / Σ values (tv-rules.md §2.1, seasons 3–27).

    The values are first scaled to integers by one common factor (``integer_keys``), which leaves every share
    unchanged and keeps the arithmetic on integers.
    """
    scaled = integer_keys(values)
    total = sum(scaled)
    return [Fraction(100 * value, total) for value in scaled]


def integer_keys(values: Sequence[Fraction | int]) -> list[int]:
    """The same values scaled to integers by the least common denominator: order and equality are kept, and
    sorting, hashing and comparing become integer operations (a speed-up, never a rounding)."""
    if all(type(v) is int for v in values):
        return list(values)
    exact = [v if type(v) is Fraction else Fraction(v) for v in values]
    scale = lcm(*(v.denominator for v in exact))
    return [v.numerator * (scale // v.denominator) for v in exact]


def method_scores(
    totals: Sequence[Fraction], votes: Sequence[int], method: Method, judge_ties: TiePolicy
) -> tuple[list, list]:
    """(judges' scores, vote scores) under ``method``; rank points obey ``judge_ties`` in both rankings.

    tv-rules.md §2.1 (rank: "first place … you get five … same with the amount of public votes";
    percentage: shares of the night's points and of the votes), §3.2 (dense ties since 2009), §7 #2 (the
    same tie policy for tied vote counts).
    """
    zeros = [Fraction(0)] * len(totals)
    if method == Method.RANK_POINTS:
        return ranking_points(integer_keys(totals), judge_ties), ranking_points(votes, judge_ties)
    if method == Method.PERCENT_SHARE:
        return shares(totals), shares(votes)
    if method == Method.PUBLIC_ONLY:
        return zeros, shares(votes)
    return shares(totals), zeros


def take_cut(ranks: Sequence[int], immune: Sequence[bool], size: int) -> tuple[set[int], set[int]]:
    """(cut, tied) index sets for the lowest ``size`` non-immune couples (tv-rules.md §2.4 immunity, §7 #3).

    The cut is taken over the non-immune couples only. If the last couple kept and the first couple cut
    share a rank, the cut falls inside a genuine tie: every non-immune couple of that rank is tied (nobody
    of that rank is cut) and the couples strictly below the tie are still cut.
    """
    if size == 0:
        return set(), set()
    candidates = sorted((rank, index) for index, rank in enumerate(ranks) if not immune[index])
    kept_last, first_cut = candidates[-size - 1][0], candidates[-size][0]
    if kept_last != first_cut:
        return {index for _, index in candidates[-size:]}, set()
    tied = {index for rank, index in candidates if rank == first_cut}
    cut = {index for rank, index in candidates if rank > first_cut}
    return cut, tied


def compute_period(
    entries: Sequence[Entry],
    *,
    method: Method | str,
    judge_ties: TiePolicy | str = TiePolicy.DENSE,
    eliminate: int = 1,
    bottom: int = 0,
    judges_weight: Fraction | int = 1,
    votes_weight: Fraction | int = 1,
) -> PeriodResult:
    """Rank one scoring period and take its cut.

    * ``method`` — ``rank_points`` / ``percent_share`` (tv-rules.md §2.1), or ``public_only`` /
      ``judges_only`` for finals and charity awards.
    * ``judge_ties`` (default ``dense``, tv-rules.md §7 #1–2) — ranking points for tied judges' totals
      *and* tied vote counts.
    * order: combined descending, then more votes (public-vote precedence, §3.2, §4, GREEN-2025); equal
      combined and equal votes is a genuine tie with one shared standard competition rank (§7 #3).
    * ``eliminate`` (default 1) — lowest non-immune couples out; ``bottom`` (default 0) — when > 0, nobody
      is eliminated and the lowest ``bottom`` non-immune couples form the bottom group (§2.2, §3.3).
    * ``judges_weight`` / ``votes_weight`` (default 1 and 1: "It's 50/50", §2.1, §7 #7).

    Raises ``InvalidInput`` listing every problem. Immune couples score and rank like everyone else and
    are skipped at the cut (§2.4).
    """
    non_immune = sum(1 for e in entries if e.immune is not True)
    problems = settings_problems(
        method=method,
        judge_ties=judge_ties,
        eliminate=eliminate,
        bottom=bottom,
        non_immune=non_immune,
        judges_weight=judges_weight,
        votes_weight=votes_weight,
    )
    method_ok = str(method) in [str(m) for m in Method]
    problems += entry_problems(entries, Method(method) if method_ok else None)
    if problems:
        raise InvalidInput(problems)
    return rank_period(
        entries,
        method=method,
        judge_ties=judge_ties,
        eliminate=eliminate,
        bottom=bottom,
        judges_weight=judges_weight,
        votes_weight=votes_weight,
    )


def rank_period(
    entries: Sequence[Entry],
    *,
    method: Method | str,
    judge_ties: TiePolicy | str = TiePolicy.DENSE,
    eliminate: int = 1,
    bottom: int = 0,
    judges_weight: Fraction | int = 1,
    votes_weight: Fraction | int = 1,
) -> PeriodResult:
    """``compute_period`` without its validation, for callers that validated already (``settings_problems``,
    ``entry_problems``), such as the contract parser. Same settings, same result on valid input."""
    method, judge_ties = Method(method), TiePolicy(judge_ties)
    totals = [_exact(e.judges_total) for e in entries]
    votes = [e.votes for e in entries]
    judges_scores, vote_scores = method_scores(totals, votes, method, judge_ties)
    jw, vw = _exact(judges_weight), _exact(votes_weight)
    if jw == 1 and vw == 1:
        combined = [j + v for j, v in zip(judges_scores, vote_scores, strict=True)]
    else:
        combined = [jw * j + vw * v for j, v in zip(judges_scores, vote_scores, strict=True)]
    keys = integer_keys(combined)
    ranks = competition_ranks([(-c, -v) for c, v in zip(keys, votes, strict=True)])
    immune = [e.immune for e in entries]
    size = bottom if bottom else eliminate
    cut, tied = take_cut(ranks, immune, size)
    cut_status = Status.BOTTOM if bottom else Status.ELIMINATED

    def status(index: int) -> Status:
        if immune[index]:
            return Status.IMMUNE
        if index in tied:
            return Status.TIED
        return cut_status if index in cut else Status.SAFE

    standings = tuple(
        Standing(
            id=entries[i].id,
            judges_total=totals[i],
            judges_score=judges_scores[i],
            vote_score=vote_scores[i],
            combined=combined[i],
            votes=votes[i],
            rank=ranks[i],
            status=status(i),
            immune=immune[i],
        )
        for i in sorted(range(len(entries)), key=lambda i: (ranks[i], entries[i].id))
    )
    cut_ids = frozenset(entries[i].id for i in cut)
    explanation = explain_period(standings, method=method, size=size, bottom=bool(bottom), weights=(jw, vw))
    return PeriodResult(
        standings=standings,
        eliminated=frozenset() if bottom else cut_ids,
        bottom=cut_ids if bottom else frozenset(),
        tied_at_cut=frozenset(entries[i].id for i in tied),
        explanation=explanation,
    )
