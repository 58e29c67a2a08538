"""Fan-vote inference: for each decision of a real season, the public votes consistent with what happened.

Under the season's own rules (:mod:`floorcraft.analysis.season_rules`) and vote periods
(:mod:`floorcraft.analysis.periods`), for every elimination week and final:

* whether *any* vote outcome explains the result (``explained``), only a tie does (``tie_only``,
  percentage era, where no tie rule is published), or none does (``unexplainable``: a data error or an
  unpublished rule);
* per couple, the feasible range of vote share (percentage era; exact closed forms, or HiGHS LP) or
  the exact set of feasible vote ranks (rank eras; exchange argument, enumeration for finals);
* per couple, the votes needed to be safe: the share, or the vote rank, that keeps the couple out of the
  bottom group whatever the others' votes;
* one witness vote outcome, re-run through the rules engine (``floorcraft.rules.tv.compute_period``) to
  confirm it reproduces the result exactly.

Settings: ``solver`` (``exact`` or ``highs``), ``rollover_merge`` (vote periods), ``rank_era_start`` and
``judge_ties`` (season rules); a judges' save (bottom two) applies to single eliminations only: with a double
elimination the two lowest go (tv-rules.md §2.2 describes the save for one couple).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from floorcraft.analysis import percent, rank
from floorcraft.analysis.periods import VotePeriod, vote_periods
from floorcraft.analysis.records import SeasonRecord
from floorcraft.analysis.season_rules import SeasonRules, rules_for
from floorcraft.rules.ranking import ranking_points
from floorcraft.rules.tv import Entry, Method, compute_period

EXPLAINED, TIE_ONLY, UNEXPLAINABLE, NOT_ANALYSABLE = (
    "explained",
    "tie_only",
    "unexplainable",
    "not_analysable",
)
MAX_ENUMERATED_FINALISTS = 8
SOLVERS = ("exact", "highs")


@dataclass(frozen=True)
class CoupleInference:
    """One couple in one decision.

    Percentage era: ``low``/``high``/``needed`` are vote shares (0–1). Rank eras: ``low``/``high`` are
    the best and worst feasible vote ranks (1 = most votes), ``ranks`` the exact set, and ``needed`` the
    lowest vote rank that is always safe (0: no rank is).
    """

    couple: str
    judges_total: Fraction
    judges_score: Fraction
    outcome: str
    low: Fraction | int | None = None
    high: Fraction | int | None = None
    needed: Fraction | int | None = None
    ranks: tuple[int, ...] = ()


@dataclass(frozen=True)
class WeekInference:
    season: int
    show: str
    label: str
    weeks: tuple[int, ...]
    final: bool
    rules: SeasonRules
    bottom: int
    eliminated: tuple[str, ...]
    status: str
    couples: tuple[CoupleInference, ...] = ()
    witness: dict[str, Fraction | int] | None = None
    verified: bool | None = None
    notes: tuple[str, ...] = ()

    @property
    def explainable(self) -> bool:
        return self.status in (EXPLAINED, TIE_ONLY)

    def couple(self, name: str) -> CoupleInference:
        for line in self.couples:
            if line.couple == name:
                return line
        raise KeyError(name)


def _judges_scores(totals: dict[str, Fraction], rules: SeasonRules) -> dict[str, Fraction]:
    if rules.method == Method.PERCENT_SHARE:
        return percent.judges_shares(totals)
    names = list(totals)
    points = ranking_points([totals[c] for c in names], rules.judge_ties)
    return {c: Fraction(p) for c, p in zip(names, points, strict=True)}


def _integer_votes(witness: dict[str, Fraction | int]) -> dict[str, int]:
    """Vote counts proportional to the witness, exactly (scaled by the common denominator)."""
    scale = math.lcm(*(Fraction(v).denominator for v in witness.values()))
    return {c: int(Fraction(v) * scale) for c, v in witness.items()}


def _verify(period: VotePeriod, rules: SeasonRules, witness: dict, bottom: int) -> bool:
    """Re-run the witness through the rules engine and check it reproduces the recorded result."""
    votes = _integer_votes(witness)
    entries = [Entry(c, period.totals[c], votes[c]) for c in sorted(period.totals)]
    kept = len(entries) - len(period.eliminated)
    if period.final and not period.eliminated:
        result = compute_period(entries, method=rules.method, judge_ties=rules.judge_ties, eliminate=0)
        order = [s.id for s in result.standings]
        return order == sorted(period.placements, key=period.placements.__getitem__)
    save = bottom > len(period.eliminated)
    result = compute_period(
        entries,
        method=rules.method,
        judge_ties=rules.judge_ties,
        eliminate=0 if save else len(period.eliminated),
        bottom=bottom if save else 0,
    )
    if save:
        return set(period.eliminated) <= result.bottom
    return result.eliminated == frozenset(period.eliminated) and kept > 0


def _outcome(period: VotePeriod, couple: str) -> str:
    if couple in period.eliminated:
        return "eliminated"
    if period.final and couple in period.placements:
        return f"place {period.placements[couple]}"
    return "safe"


def _elimination(period: VotePeriod, rules: SeasonRules, scores: dict[str, Fraction], solver: str):
    """(status, per-couple bounds, witness, bottom size) for an elimination week."""
    eliminated = list(period.eliminated)
    k = len(eliminated)
    bottom = rules.bottom_size if rules.bottom_size > k else k
    others = [c for c in scores if c not in eliminated]
    feasible: dict[str, list] = {c: [] for c in scores}
    witness, tie = None, False
    if rules.method == Method.RANK_POINTS and solver == "highs":
        from floorcraft.analysis.milp import rank_ranges

        ranges = rank_ranges({c: int(p) for c, p in scores.items()}, eliminated, bottom) or {}
        return None, False, {c: [span] for c, span in ranges.items()}, bottom
    for extra in itertools.combinations(others, bottom - k):
        group = eliminated + list(extra)
        if rules.method == Method.PERCENT_SHARE and solver == "highs":
            spans = _highs(scores, [(b, s) for b in group for s in scores if s not in group])
            for c, span in spans.items():
                feasible[c] += span
            continue
        if rules.method == Method.PERCENT_SHARE:
            found = percent.below(scores, group)
            if found is None:
                continue
            tie = tie or found.tie_only
            if found.tie_only:
                continue
            for c, span in found.ranges.items():
                feasible[c].append(span)
        else:
            known = {c: set().union(*spans) for c, spans in feasible.items() if spans}
            found = rank.below({c: int(p) for c, p in scores.items()}, group, known=known)
            if found is None:
                continue
            for c, ranks in found.feasible.items():
                feasible[c].append(ranks)
        witness = witness or found.witness
    return witness, tie, feasible, bottom


def _bounds(method: Method, spans: list) -> dict:
    if not spans:
        return {}
    if method == Method.PERCENT_SHARE:
        return {"low": min(s[0] for s in spans), "high": max(s[1] for s in spans)}
    if isinstance(spans[0], tuple):  # (best, worst) from the MILP: no exact set
        return {"low": min(s[0] for s in spans), "high": max(s[1] for s in spans)}
    ranks = sorted(set().union(*spans))
    return {"low": ranks[0], "high": ranks[-1], "ranks": tuple(ranks)} if ranks else {}


def _final(period: VotePeriod, rules: SeasonRules, scores: dict[str, Fraction], solver: str):
    """Witness and per-couple bounds for a final ranked by combined score (tv-rules.md §2.5)."""
    order = sorted(period.placements, key=period.placements.__getitem__)
    if rules.method == Method.PERCENT_SHARE:
        if solver == "highs":
            return None, False, _highs(scores, list(itertools.pairwise(reversed(order))))
        found = percent.chain(scores, order)
        if found is None or found.tie_only:
            return None, found is not None, {}
        return None, False, {c: [span] for c, span in found.ranges.items()}
    n = len(order)
    feasible: dict[str, set[int]] = {c: set() for c in order}
    witness = None
    for perm in itertools.permutations(range(1, n + 1)):
        votes = dict(zip(order, perm, strict=True))
        keys = [(n + 1) * (int(scores[c]) + votes[c]) + votes[c] for c in order]
        if all(a > b for a, b in itertools.pairwise(keys)):
            witness = witness or votes
            for c in order:
                feasible[c].add(n + 1 - votes[c])
    if witness is None:
        return None, False, {}
    return witness, False, {c: [frozenset(r)] for c, r in feasible.items()}


def _highs(scores: dict[str, Fraction], pairs: list[tuple[str, str]]) -> dict[str, list]:
    """Vote-share ranges from HiGHS (``solver="highs"``), as Fractions within 1e-9 of the floats."""
    from floorcraft.analysis.lp import share_ranges

    ranges = share_ranges(scores, pairs)
    if ranges is None:
        return {}
    return {
        c: [(Fraction(lo).limit_denominator(10**9), Fraction(hi).limit_denominator(10**9))]
        for c, (lo, hi) in ranges.items()
    }


def infer_period(
    period: VotePeriod, rules: SeasonRules, *, show: str = "dwts", solver: str = "exact"
) -> WeekInference:
    """The inference for one decision (see the module docstring for what it holds).

    ``solver``: ``exact`` (default; closed forms and the exchange argument, with a witness re-checked by the
    rules engine) or ``highs`` (SciPy's HiGHS: ``linprog`` in the percentage era, strict inequalities as
    ``≤ −1e-9``; ``milp`` in the rank eras, best and worst vote rank only; no witness). Finals in the rank
    eras are enumerated either way.
    """
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r} (known: {', '.join(SOLVERS)})")
    base = dict(
        season=period.season,
        show=show,
        label=period.label,
        weeks=period.weeks,
        final=period.final,
        rules=rules,
        eliminated=period.eliminated,
    )
    if period.problems:
        return WeekInference(**base, bottom=0, status=NOT_ANALYSABLE, notes=period.problems)
    if period.final and not period.eliminated and not period.placements:
        return WeekInference(**base, bottom=0, status=NOT_ANALYSABLE, notes=("no placements in the source",))
    if period.final and len(period.placements) > MAX_ENUMERATED_FINALISTS:
        return WeekInference(
            **base, bottom=0, status=NOT_ANALYSABLE, notes=("too many finalists to enumerate",)
        )
    scores = _judges_scores(period.totals, rules)
    tie, bottom = False, len(period.eliminated)
    if period.final and period.placements and len(period.placements) == len(period.totals):
        witness, tie, feasible = _final(period, rules, scores, solver)
    else:
        witness, tie, feasible, bottom = _elimination(period, rules, scores, solver)
    lines = []
    for c in sorted(scores):
        needed = None
        if not period.final:
            safe = (
                percent.needed_to_be_safe if rules.method == Method.PERCENT_SHARE else rank.needed_to_be_safe
            )
            table = scores if rules.method == Method.PERCENT_SHARE else {k: int(v) for k, v in scores.items()}
            needed = safe(table, c, bottom)
        lines.append(
            CoupleInference(
                c,
                period.totals[c],
                scores[c],
                _outcome(period, c),
                needed=needed,
                **_bounds(rules.method, feasible.get(c, [])),
            )
        )
    explained = any(feasible.get(c) for c in scores)
    status = EXPLAINED if explained else TIE_ONLY if tie else UNEXPLAINABLE
    verified = _verify(period, rules, witness, bottom) if witness else None
    return WeekInference(
        **base, bottom=bottom, status=status, couples=tuple(lines), witness=witness, verified=verified
    )


def infer_season(
    season: SeasonRecord,
    *,
    rollover_merge: str = "raw_sum",
    rank_era_start: int = 28,
    judge_ties: str | None = None,
    rules: SeasonRules | None = None,
    solver: str = "exact",
) -> list[WeekInference]:
    """The inference for every decision of ``season`` under its own rules (or ``rules`` when given)."""
    if rules is None:
        rules = rules_for(season.show, season.number, judge_ties=judge_ties, rank_era_start=rank_era_start)
    periods = vote_periods(season, rollover_merge=rollover_merge)
    return [infer_period(p, rules, show=season.show, solver=solver) for p in periods]
