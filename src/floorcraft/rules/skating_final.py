"""The Skating System over several dances: Rules 9–11 (skating-system.md §4, traps §5.3–§5.9).

Pure and exact (``Fraction``). ``place_final`` places every dance by Rules 5–8 (``rules.skating``), totals the
dance places (Rule 9) and settles equal totals with ``resolve`` exactly as in skating-system.md §4:

* Rule 10 one place at a time: for the place under review p, more dances placed p-or-better wins, then the
  lower sum of those places (count beats sum, §5.3; the threshold moves to p + 1 for the rest, §5.4; a shared
  dance place such as 1.5 is 2nd-or-better but not 1st, and adds 1.5, §5.5);
* Rule 11 only for the couples still tied after Rule 10 (§5.6): all their marks pooled over judges × dances,
  majority ⌊J·D/2⌋ + 1 (§5.8), from column p, with the Rule 5–8 logic; it decides only place p;
* the other Rule 11 couples are settled among themselves (a single one takes the next place, several go back
  to Rule 10) before the couples that lost earlier at Rule 10 (§5.7, TSO examples N and P);
* couples equal after every column share the mean of the places they occupy, and those places are used (§5.9).

A single-dance event's final places are its dance places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from floorcraft.rules.skating import (
    Cell,
    DanceResult,
    Rule,
    column_name,
    cumulative_cells,
    majority_of,
    number_text,
    order_tied,
    ordinal,
    place_text,
    place_valid_dance,
    separation_column,
    shared_place,
)
from floorcraft.rules.skating_validate import validate_final

__all__ = ["FinalResult", "Rule10Step", "Rule11Step", "place_final", "validate_final"]


@dataclass(frozen=True)
class Rule10Step:
    """One Rule 10 comparison for ``place``: each couple's dances placed ``place``-or-better, their sum."""

    place: int
    couples: tuple[str, ...]
    counts: dict[str, int]
    sums: dict[str, Fraction]
    winners: tuple[str, ...]  # one couple: it takes the place; several: they go on to Rule 11


@dataclass(frozen=True)
class Rule11Step:
    """One Rule 11 decision for ``place``: pooled cells of the couples still tied after Rule 10."""

    place: int
    couples: tuple[str, ...]
    majority: int  # ⌊J·D/2⌋ + 1
    cells: dict[str, tuple[Cell, ...]]  # pooled count(sum) for columns 1..N
    column: int  # the first column (from ``place`` on) where a couple had the majority
    winners: tuple[str, ...]  # several only when equal in every column: they share
    decided_at: int = 0  # the column that separated the winner from the others (N when shared)


@dataclass(frozen=True)
class FinalResult:
    """A whole final: every dance's result, Rule 9 totals, final places, and the Rule 10/11 tables used."""

    dances: tuple[str, ...]
    judges: tuple[str, ...]
    dance_results: dict[str, DanceResult]
    totals: dict[str, Fraction]  # Rule 9
    places: dict[str, Fraction]
    rule: dict[str, Rule]  # R9 / R10 / R11 / SHARED (single dance: the dance's rule)
    rule10: tuple[Rule10Step, ...]
    rule11: tuple[Rule11Step, ...]
    explanation: tuple[str, ...]

    @property
    def couples(self) -> tuple[str, ...]:
        return self.dance_results[self.dances[0]].couples

    def ranking(self) -> list[str]:
        """Couples from first to last final place (input order within a shared place)."""
        return sorted(self.couples, key=lambda c: self.places[c])


class _Settlement:
    """The state of Rules 9–11 for one final: places given so far and the tables used."""

    def __init__(self, dances: Sequence[str], results: Mapping[str, DanceResult], panel: int):
        self.couples = results[dances[0]].couples
        n = len(self.couples)
        self.dance_places = {c: [results[d].places[c] for d in dances] for c in self.couples}
        pooled = {c: [m for d in dances for m in results[d].marks[c]] for c in self.couples}
        self.pooled = {c: cumulative_cells(pooled[c], n) for c in self.couples}
        self.pooled_marks = panel * len(dances)
        self.majority11 = majority_of(self.pooled_marks)
        self.totals: Mapping[str, Fraction] = {}
        self.places: dict[str, Fraction] = {}
        self.rule: dict[str, Rule] = {}
        self.rule10: list[Rule10Step] = []
        self.rule11: list[Rule11Step] = []
        self.explanation: list[str] = []

    def give(self, couples: Sequence[str], place: int, rule: Rule, why: str) -> None:
        value = shared_place(place, len(couples))
        for couple in couples:
            self.places[couple] = value
            self.rule[couple] = Rule.SHARED if len(couples) > 1 else rule
            text = place_text(place, len(couples))
            self.explanation.append(f"Couple {couple} is {text}: {why} ({self.rule[couple]})")

    def rule9(self, totals: Mapping[str, Fraction]) -> None:
        """Rule 9: the lower total of dance places wins; equal totals go to ``resolve`` (§4)."""
        self.totals = totals
        place = 1
        for total in sorted(set(totals.values())):
            group = [c for c in self.couples if totals[c] == total]
            if len(group) == 1:
                self.give(group, place, Rule.R9, f"total {number_text(total)}, no other couple has it")
            else:
                self.resolve(group, place, Rule.R10)
            place += len(group)

    def rule10_best(self, group: Sequence[str], place: int) -> list[str]:
        """Rule 10 for ``place``: most dances placed ``place``-or-better, then the lowest sum of those."""
        counts = {c: sum(1 for p in self.dance_places[c] if p <= place) for c in group}
        sums = {c: sum((p for p in self.dance_places[c] if p <= place), Fraction(0)) for c in group}
        top = max(counts.values())
        low = min(sums[c] for c in group if counts[c] == top)
        best = [c for c in group if counts[c] == top and sums[c] == low]
        self.rule10.append(Rule10Step(place, tuple(group), counts, sums, tuple(best)))
        return best

    def rule11_winners(self, best: Sequence[str], place: int) -> list[str]:
        """Rule 11 for ``place``: pooled marks, majority ⌊J·D/2⌋+1, from column ``place``, Rules 5–8 logic."""
        last = len(self.couples)
        column = place
        holders = [c for c in best if self.pooled[c][column - 1].count >= self.majority11]
        while not holders:  # Rule 8 on the pooled table; column N always has every mark
            column += 1
            holders = [c for c in best if self.pooled[c][column - 1].count >= self.majority11]
        winners = order_tied(holders, self.pooled, column)[0]
        others = [c for c in holders if c not in winners]
        decided = last if len(winners) > 1 else column
        if len(winners) == 1 and others:
            cols = [separation_column(self.pooled[winners[0]], self.pooled[o], column) for o in others]
            decided = max(c for c in cols if c is not None)
        cells = {c: self.pooled[c] for c in best}
        self.rule11.append(
            Rule11Step(place, tuple(best), self.majority11, cells, column, tuple(winners), decided)
        )
        return winners

    def resolve(self, group: list[str], place: int, last_rule: Rule) -> None:
        """Settle couples tied on the Rule 9 total from ``place`` on (``resolve``, skating-system.md §4)."""
        group = list(group)
        while group:
            if len(group) == 1:
                (couple,) = group
                why = (
                    "the other couple of the Rule 11 decision just made takes the next place"
                    if last_rule is Rule.R11
                    else f"the last couple of the tie on {number_text(self.totals[couple])} after Rule 10"
                )
                self.give(group, place, last_rule, why)
                return
            best = self.rule10_best(group, place)
            step = self.rule10[-1]
            if len(best) == 1:
                (winner,) = best
                why = (
                    f"Rule 10 for {ordinal(place)} among {', '.join(group)}: {step.counts[winner]} dance(s) "
                    f"placed {ordinal(place)} or better, sum {number_text(step.sums[winner])}"
                )
                self.give(best, place, Rule.R10, why)
                place += 1
                group.remove(winner)
                last_rule = Rule.R10
                continue
            winners = self.rule11_winners(best, place)
            r11 = self.rule11[-1]
            cell = self.pooled[winners[0]][r11.decided_at - 1]
            why = (
                f"Rule 11 for {ordinal(place)} among {', '.join(best)} (equal under Rule 10): pooled marks "
                f"{cell.count} of {self.pooled_marks} (majority {self.majority11}) in column "
                f"{column_name(r11.decided_at)}, sum {cell.total}"
            )
            if len(winners) > 1:
                why += f"; {', '.join(winners)} are equal in every column"
            self.give(winners, place, Rule.R11, why)
            place += len(winners)
            rest = [c for c in best if c not in winners]
            if rest:  # trap §5.7: Rule 11 leftovers before the earlier Rule 10 losers
                self.resolve(rest, place, Rule.R11)
                place += len(rest)
            group = [c for c in group if c not in best]
            last_rule = Rule.R10


def place_final(
    dances: Sequence[str],
    marks: Mapping[str, Mapping[str, Sequence[int]]],
    judges: Sequence[str] | None = None,
) -> FinalResult:
    """Final places by Rules 5–11 (skating-system.md §3–§5). ``marks[dance][couple]`` = marks in judge order.

    Raises ``InvalidInput`` listing every problem (see ``validate_final``).
    """
    validate_final(dances, marks, judges)
    dances = tuple(dances)
    results = {d: place_valid_dance(marks[d], dance=d) for d in dances}
    first = results[dances[0]]
    panel = len(next(iter(first.marks.values())))
    labels = tuple(str(j) for j in judges) if judges is not None else tuple(f"#{i + 1}" for i in range(panel))
    totals = {c: sum((results[d].places[c] for d in dances), Fraction(0)) for c in first.couples}
    settlement = _Settlement(dances, results, panel)
    if len(dances) == 1:
        places, rules, explanation = dict(first.places), dict(first.rule), first.explanation
    else:
        settlement.rule9(totals)
        places = {c: settlement.places[c] for c in first.couples}
        rules = {c: settlement.rule[c] for c in first.couples}
        explanation = tuple(settlement.explanation)
    return FinalResult(
        dances=dances,
        judges=labels,
        dance_results=results,
        totals=totals,
        places=places,
        rule=rules,
        rule10=tuple(settlement.rule10),
        rule11=tuple(settlement.rule11),
        explanation=explanation,
    )
