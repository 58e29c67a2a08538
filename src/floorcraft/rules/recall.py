"""Rule 1: recalls from a preliminary round (skating-system.md §2 R1 and §7).

Each judge marks ("X") couples in each dance; couples are ranked by their total of marks over all judges and
dances. When the cut falls inside a tie the requested number cannot be met exactly: ``fewer`` (only
couples strictly above the tie) and ``more`` (the whole tie) are both offered, and the event's policy picks
``recalled`` (``RecallPolicy``: take more — the default —, take fewer, or ask the chairman, §7).

Pure: standard library only. ``recall`` validates its input (reject, never repair) and reports, without
rejecting, a judge who marked a different number of couples than requested (``warnings``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from floorcraft.errors import Problems
from floorcraft.rules.skating import show
from floorcraft.rules.skating_validate import check_dance_keys, check_dances, is_label_list


class RecallPolicy(StrEnum):
    """Which side of a tie at the cut is recalled (skating-system.md §7: the Chairman decides)."""

    MORE = "more"  # the whole tie dances (the common preset)
    FEWER = "fewer"  # only the couples strictly above the tie
    ASK = "ask"  # the chairman decides: ``recalled`` is None when the cut falls in a tie


DEFAULT_POLICY = RecallPolicy.MORE


@dataclass(frozen=True)
class RecallResult:
    totals: dict[str, int]  # couple -> marks over all judges and dances, in ranking order
    ranking: tuple[str, ...]
    requested: int
    fewer: tuple[str, ...]
    more: tuple[str, ...]
    exact: bool  # fewer == more: the requested number could be met
    recalled: tuple[str, ...] | None  # None only when policy is ASK and the cut falls in a tie
    policy: RecallPolicy
    warnings: tuple[str, ...]
    explanation: tuple[str, ...]


_DIGITS = re.compile(r"[0-9]+")


def couple_sort_key(couple: str) -> tuple[int, int, str]:
    """All-digit numbers numerically first, then every other label as text (issue #3 contract)."""
    if _DIGITS.fullmatch(couple):
        return (0, int(couple), couple)
    return (1, 0, couple)


def rank_couples(totals: Mapping[str, int]) -> list[str]:
    """By total marks (descending), then couple number (``couple_sort_key``)."""
    return sorted(totals, key=lambda c: (-totals[c], couple_sort_key(c)))


def cut(ranking: Sequence[str], totals: Mapping[str, int], requested: int) -> tuple[list[str], list[str]]:
    """(fewer, more) for a cut after position ``requested`` (skating-system.md §7, issue #3 contract).

    Let m be the total of the couple in position ``requested``. If it is tied with the next couple, fewer =
    the couples with more than m marks and more = those with at least m; otherwise both are the first
    ``requested``.
    """
    m = totals[ranking[requested - 1]]
    if requested < len(ranking) and totals[ranking[requested]] == m:
        return [c for c in ranking if totals[c] > m], [c for c in ranking if totals[c] >= m]
    return list(ranking[:requested]), list(ranking[:requested])


def validate_recall(
    dances: Any,
    marks: Any,
    couples: Any,
    requested: Any,
    judges: Any = None,
    *,
    problems: Problems | None = None,
) -> list[str]:
    """Raise ``InvalidInput`` listing every problem; return the warnings (issue #3 recall contract).

    Invalid: ``couples`` missing, empty, duplicated or not strings; ``requested`` not an integer from 1 to the
    number of couples; a judge marking an unknown couple or one couple twice in a dance; a judge's marks not a
    list; a dance in ``marks`` not in ``dances`` or vice versa. Warnings (accepted): a judge who marked a
    different number of couples than requested, a listed judge without marks in a dance, a judge not listed.
    """
    problems = Problems() if problems is None else problems
    warnings: list[str] = []
    known: set[str] = set()
    if couples is None:
        problems.add("couples is missing: list every couple that danced")
    elif not is_label_list(couples):
        problems.add(f"couples must be a list of couple numbers (strings), got {type(couples).__name__}")
    elif not couples:
        problems.add("couples is empty")
    else:
        for i, couple in enumerate(couples):
            if not isinstance(couple, str):
                problems.add(f"couples[{i}] must be a string couple number, got {show(couple)}")
            elif couple in known:
                problems.add(f"couple {couple} is listed twice in couples")
            else:
                known.add(couple)
    n = len(couples) if is_label_list(couples) else 0
    if isinstance(requested, bool) or not isinstance(requested, int):
        problems.add(f"recall must be a whole number of couples from 1 to {n}, got {show(requested)}")
    elif not 1 <= requested <= max(n, 1) or n == 0:
        problems.add(f"recall must be from 1 to the number of couples ({n}), got {requested}")
    labels = None
    if judges is not None:
        if is_label_list(judges):
            labels = [str(j) for j in judges]
        else:
            problems.add(f"judges must be a list of labels, got {type(judges).__name__}")
    names = check_dances(dances, problems) if dances is not None else []
    if dances is None:
        problems.add("dances is missing")
    if not isinstance(marks, Mapping):
        problems.add(f"marks must be an object {{dance: {{judge: [couples]}}}}, got {type(marks).__name__}")
        problems.raise_if_any()
    check_dance_keys(names, marks, problems)
    for dance in [d for d in names if d in marks]:
        table = marks[dance]
        if not isinstance(table, Mapping):
            problems.add(
                f"dance {dance}: marks must be an object {{judge: [couples]}}, got {type(table).__name__}"
            )
            continue
        for judge, marked in table.items():
            where = f"dance {dance}, judge {judge}"
            if not is_label_list(marked):
                problems.add(f"{where}: marks must be a list of couple numbers, got {type(marked).__name__}")
                continue
            seen: set[str] = set()
            for couple in marked:
                if not isinstance(couple, str) or couple not in known:
                    if known or not isinstance(couple, str):
                        problems.add(f"{where}: marked unknown couple {show(couple)}")
                elif couple in seen:
                    problems.add(f"{where}: marked couple {couple} twice")
                else:
                    seen.add(couple)
            if isinstance(requested, int) and not isinstance(requested, bool) and len(marked) != requested:
                warnings.append(f"{where} marked {len(marked)} couples, {requested} were asked for")
            if labels is not None and str(judge) not in labels:
                warnings.append(f"{where}: judge {judge} is not listed in judges")
        if labels is not None:
            warnings.extend(
                f"dance {dance}, judge {j}: no marks given (counted as 0 couples marked)"
                for j in labels
                if j not in table
            )
    problems.raise_if_any()
    return warnings


def recall(
    dances: Sequence[str],
    marks: Mapping[str, Mapping[str, Sequence[str]]],
    couples: Sequence[str],
    requested: int,
    *,
    judges: Sequence[str] | None = None,
    policy: RecallPolicy | str = DEFAULT_POLICY,
) -> RecallResult:
    """Rule 1 (skating-system.md §2, §7): total marks, rank, cut at ``requested``; ties offered as fewer/more.

    ``marks[dance][judge]`` = the couples that judge marked in that dance. ``policy`` ("more", "fewer", "ask")
    picks ``recalled``; an unknown policy is rejected.
    """
    problems = Problems()
    try:
        chosen = RecallPolicy(policy)
    except ValueError:
        problems.add(f"policy must be one of {', '.join(p.value for p in RecallPolicy)}, got {show(policy)}")
        chosen = DEFAULT_POLICY
    warnings = validate_recall(dances, marks, couples, requested, judges, problems=problems)
    totals = {c: 0 for c in couples}
    for dance in dances:
        for marked in marks[dance].values():
            for couple in marked:
                totals[couple] += 1
    ranking = rank_couples(totals)
    fewer, more = cut(ranking, totals, requested)
    exact = fewer == more
    if exact or chosen is RecallPolicy.MORE:
        recalled: tuple[str, ...] | None = tuple(more)
    elif chosen is RecallPolicy.FEWER:
        recalled = tuple(fewer)
    else:
        recalled = None
    m = totals[ranking[requested - 1]]
    if exact:
        explanation = [f"{requested} couples requested; the cut after {requested} falls between totals."]
    else:
        tied = [c for c in ranking if totals[c] == m]
        explanation = [
            f"{requested} couples requested; the cut falls in a tie of {len(tied)} couples on {m} marks "
            f"({', '.join(tied)}): fewer recalls {len(fewer)}, more recalls {len(more)}; "
            f"policy '{chosen}' "
            + (f"recalls {len(recalled)}." if recalled is not None else "leaves the choice to the chairman.")
        ]
    return RecallResult(
        totals={c: totals[c] for c in ranking},
        ranking=tuple(ranking),
        requested=requested,
        fewer=tuple(fewer),
        more=tuple(more),
        exact=exact,
        recalled=recalled,
        policy=chosen,
        warnings=tuple(warnings),
        explanation=tuple(explanation),
    )
