"""Computing a period of a season: entries built from the recorded facts, then the rules engine.

Pure (no I/O): everything comes from a :class:`~floorcraft.model.season.Season`. The steps, each from the
rulebook:

1. the couples still in (:func:`floorcraft.model.totals.couples_in`; a withdrawing couple is left out);
2. each couple's judges' total: every panel judge × every counted dance (team dances credited to each
   member) + bonus points (tv-rules.md §1.4, §1.5); every score and vote total must be in;
3. a rollover chain (periods with no elimination before this one) merged with the preset's
   ``rollover_merge`` (tv-rules.md §2.4, §7 #6);
4. the engine: ``compute_period`` with the preset's method, tie policy and weights, or ``rank_final`` in a
   final (tv-rules.md §2.5, §3.5);
5. with a bottom group of two and the judges' save votes in, ``decide_save`` (tv-rules.md §2.2, §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from floorcraft.errors import Conflict, InvalidInput, Problems
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in, judges_total, panel_maximum, rollover_chain
from floorcraft.rules.finals import rank_final
from floorcraft.rules.judges_vote import SaveResult, decide_save
from floorcraft.rules.presets import Preset
from floorcraft.rules.rollover import RolloverMerge, merge_periods
from floorcraft.rules.tv import Entry, PeriodResult, compute_period
from floorcraft.show.rulebook import season_rules


@dataclass(frozen=True)
class PeriodComputation:
    """The computed period: what the engine was given, what it returned, and the judges' save if any.

    ``kind`` is ``final``, ``elimination``, ``bottom`` (a bottom group for the judges' vote) or ``no_cut``
    (no elimination: the scores and votes roll over into the next week unless ``carry_over`` is off).
    """

    period: int
    kind: str
    chain: tuple[int, ...]
    entries: tuple[Entry, ...]
    result: PeriodResult
    save: SaveResult | None
    withdrawn: tuple[str, ...]
    explanation: tuple[str, ...]
    pending: tuple[str, ...] = ()  # what the judges' save still needs (missing or stale save votes)


def rules_of(season: Season) -> Preset:
    return season_rules(season.preset, season.settings)


def missing_facts(season: Season, number: int) -> list[str]:
    """What must still be entered before period ``number`` can be computed (empty when complete)."""
    problems: list[str] = []
    period = season.period(number)
    in_play = couples_in(season, number)
    counted = [p for p in season.performances_in(number) if p.kind.counts_towards_total]
    if not counted:
        problems.append(f"week {number}: no performances yet")
    for perf in counted:
        scored = {s.judge for s in season.scores_for(perf.id)}
        for judge in period.panel:
            if judge not in scored and any(c in in_play for c in perf.couples):
                problems.append(
                    f"week {number}, performance {perf.id} ({'+'.join(perf.couples)}): no score from {judge}"
                )
    votes = season.votes_in(number)
    for couple in in_play:
        if couple not in votes:
            problems.append(f"week {number}: no vote total for couple {couple}")
    return problems


def entries_for(season: Season, number: int, rules: Preset) -> tuple[tuple[int, ...], list[Entry]]:
    """The engine's entries for period ``number`` (rollovers merged) and the periods they cover."""
    chain = rollover_chain(season, number)
    problems = Problems()
    for n in chain:
        for item in missing_facts(season, n):
            problems.add(item)
    problems.raise_if_any()
    immune = set(season.period(number).immune)
    periods = []
    maxima = []
    for n in chain:
        votes = season.votes_in(n)
        in_play = couples_in(season, n)
        periods.append(
            [
                Entry(c, judges_total(season, n, c), votes[c], immune=(n == number and c in immune))
                for c in in_play
            ]
        )
        maxima.append(
            max(
                (panel_maximum(season, n, c, score_max=rules.score_max) for c in in_play), default=Fraction(1)
            )
            or Fraction(1)
        )
    if len(chain) == 1:
        return chain, periods[0]
    merge = rules.rollover_merge
    return chain, merge_periods(
        periods, merge=merge, maxima=maxima if merge == RolloverMerge.NORMALISE_PER_WEEK else None
    )


def compute(season: Season, number: int) -> PeriodComputation:
    """Compute period ``number`` of ``season`` (InvalidInput lists every missing score or vote)."""
    period = season.period(number)
    earlier = [p.number for p in season.periods if p.number < number and season.decision(p.number) is None]
    if earlier:
        raise Conflict(f"week {number}: confirm week {earlier[0]} first")
    rules = rules_of(season)
    chain, entries = entries_for(season, number, rules)
    lines: list[str] = []
    if len(chain) > 1:
        weeks = " + ".join(str(n) for n in chain)
        lines.append(f"weeks {weeks} combined: judges' totals and votes summed ({rules.rollover_merge})")
    if period.withdrawn:
        lines.append(f"withdrawn this week: {', '.join(period.withdrawn)}")
    save, pending = None, ()
    if period.final:
        result = rank_final(entries, mode=rules.final_mode, method=rules.method, judge_ties=rules.judge_ties)
        kind = "final"
    else:
        result = compute_period(
            entries,
            method=rules.method,
            judge_ties=rules.judge_ties,
            eliminate=period.eliminate,
            bottom=period.bottom,
            judges_weight=rules.judges_weight,
            votes_weight=rules.votes_weight,
        )
        kind = "bottom" if period.bottom else "elimination" if period.eliminate else "no_cut"
        if kind == "bottom":
            try:
                save = _judges_save(season, number, rules, result)
            except InvalidInput as exc:
                pending = tuple(exc.problems)
    lines.extend(result.explanation)
    if save is not None:
        lines.extend(save.explanation)
    elif kind == "bottom":
        pending = pending or ("the judges' save votes",)
        lines.append(f"judges' save: waiting for {'; '.join(pending)}")
    if kind == "no_cut":
        lines.append(
            f"no elimination in week {number}: scores and votes carry over to the next week"
            if period.carry_over
            else f"no elimination in week {number}"
        )
    return PeriodComputation(
        period=number,
        kind=kind,
        chain=chain,
        entries=tuple(entries),
        result=result,
        save=save,
        withdrawn=period.withdrawn,
        explanation=tuple(lines),
        pending=pending,
    )


def _judges_save(season: Season, number: int, rules: Preset, result: PeriodResult) -> SaveResult | None:
    """The judges' vote on the bottom two, once the save votes are in (InvalidInput says what is missing)."""
    votes = season.save_votes_in(number)
    if result.tied_at_cut:
        return None
    if len(result.bottom) != 2 or rules.save_rule is None:
        raise InvalidInput(f"week {number}: a judges' save needs a bottom two and a save rule in the preset")
    if not votes:
        raise InvalidInput("the judges' save votes")
    period = season.period(number)
    head = season.head_judge
    if head is None or head.id not in period.panel:
        raise InvalidInput(f"week {number}: the judges' save needs a head judge on the panel")
    bottom = [line.id for line in result.standings if line.id in result.bottom]
    return decide_save(bottom, votes, judges=period.panel, head_judge=head.id, rule=rules.save_rule)


def computation_to_json(comp: PeriodComputation) -> dict:
    """The computed week as JSON data: the ``results compute`` contract's fields (exact numbers as JSON
    numbers) plus the week, its kind, the rollover chain, votes, the judges' save and the explanation."""
    from floorcraft.rules.period_input import result_to_contract

    def number(value):
        if isinstance(value, Fraction):
            return value.numerator if value.denominator == 1 else float(value)
        return value

    out = result_to_contract(comp.result)
    votes = {line.id: line.votes for line in comp.result.standings}
    for line in out["standings"]:
        for key in ("judges_total", "judges_score", "vote_score", "combined"):
            line[key] = number(line[key])
        line["votes"] = votes[line["id"]]
    save = comp.save
    return {
        "week": comp.period,
        "kind": comp.kind,
        "weeks": list(comp.chain),
        **out,
        "withdrawn": list(comp.withdrawn),
        "save": None
        if save is None
        else {"saved": save.saved, "eliminated": save.eliminated, "head_vote_used": save.head_vote_used},
        "pending": list(comp.pending),
        "explanation": list(comp.explanation),
    }
