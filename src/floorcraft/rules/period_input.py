"""The ``results compute`` machine contract: validate one parsed JSON period and compute it (issue #2 §4).

Input numbers are read as the decimal the JSON text meant: a float ``x`` becomes ``Fraction(repr(x))``
(0.3 is 3/10), booleans are never numbers. Every problem is reported at once, each naming its couple and
field; unknown keys are ignored. Pure, standard library only (the JSON text is parsed by the adapter).
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

from floorcraft.errors import InvalidInput, Problems
from floorcraft.rules.tv import (
    CONTRACT_METHODS,
    Entry,
    PeriodResult,
    rank_period,
    settings_problems,
    sum_problems,
)

__all__ = ["compute_contract", "parse_period", "result_to_contract", "to_fraction"]


def to_fraction(value: Any) -> Fraction | None:
    """A JSON number as the exact decimal it was written as; None for non-numbers, booleans and infinities."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float) and math.isfinite(value):
        return Fraction(repr(value))
    return None


def _count(value: Any) -> int | None:
    """A non-negative integer (3.0 counts as 3), else None."""
    exact = to_fraction(value)
    if exact is None or exact.denominator != 1 or exact < 0:
        return None
    return int(exact)


def _judges(where: str, value: Any, problems: Problems) -> Fraction | None:
    if not isinstance(value, list) or not value:
        problems.add(f"{where}: judges must be a non-empty list of scores, got {value!r}")
        return None
    halves, ok = 0, True
    for index, score in enumerate(value):
        if type(score) is float and score.is_integer():
            score_halves = int(score) * 2
        elif type(score) is float and math.isfinite(score):
            # a float that is exactly k/2 prints as k/2 (repr round-trips): 2·x integral ⇔ Fraction(repr(x))
            # is a multiple of 0.5; other floats are not multiples of 0.5 whatever decimal they came from
            score_halves = int(score * 2) if (score * 2).is_integer() else None
        elif type(score) is int:
            score_halves = score * 2
        else:
            problems.add(f"{where}: judges[{index}] must be a number, got {score!r}")
            ok = False
            continue
        if score_halves is None or not 2 <= score_halves <= 20:
            problems.add(f"{where}: judges[{index}] = {score!r} must be from 1 to 10 in steps of 0.5")
            ok = False
        else:
            halves += score_halves
    return Fraction(halves, 2) if ok else None


def _couple(index: int, raw: Any, problems: Problems) -> tuple[Entry | None, Any]:
    """(entry or None, its immune flag as given) for ``couples[index]``."""
    if not isinstance(raw, dict):
        problems.add(f"couples[{index}] must be an object, got {raw!r}")
        return None, False
    couple_id = raw.get("id")
    where = f"couples[{index}]"
    if isinstance(couple_id, str):
        where = f"couple {couple_id!r} ({where})"
    start = len(problems.items)
    if "id" not in raw:
        problems.add(f"{where}: id is required")
    elif not isinstance(couple_id, str):
        problems.add(f"{where}: id must be a string, got {couple_id!r}")
    total = _judges(where, raw.get("judges"), problems)
    bonus = to_fraction(raw.get("bonus", 0))
    if bonus is None:
        problems.add(f"{where}: bonus must be a finite number, got {raw.get('bonus')!r}")
    if "votes" not in raw:
        problems.add(f"{where}: votes is required")
    votes = _count(raw.get("votes"))
    if "votes" in raw and votes is None:
        problems.add(f"{where}: votes must be a non-negative integer, got {raw['votes']!r}")
    immune = raw.get("immune", False)
    if not isinstance(immune, bool):
        problems.add(f"{where}: immune must be true or false, got {immune!r}")
    if len(problems.items) > start:
        return None, immune
    return Entry(id=couple_id, judges_total=total + bonus, votes=votes, immune=immune), immune


def parse_period(data: Any) -> tuple[list[Entry], dict[str, Any]]:
    """Validate a contract input; return the entries and the ``compute_period`` keyword arguments.

    Raises ``InvalidInput`` listing every problem: unknown method / policy, duplicate ids, scores outside
    1–10 or not a multiple of 0.5, bad votes, bonus or immune, fewer than 2 couples,
    ``eliminate``/``bottom`` not a non-negative integer or not below the number of non-immune couples,
    judge lists of different lengths, and (once the couples are valid) sums a percentage cannot divide by.
    """
    if not isinstance(data, dict):
        raise InvalidInput(f"the input must be a JSON object, got {type(data).__name__}")
    problems = Problems()
    if "method" not in data:
        problems.add("method is required (rank_points or percent_share)")
    couples = data.get("couples")
    if not isinstance(couples, list):
        problems.add(f"couples must be a list of couples, got {couples!r}")
        couples = []
    else:
        if len(couples) < 2:
            problems.add(f"a period needs at least 2 couples, got {len(couples)}")
        _duplicate_ids(couples, problems)
    parsed = [_couple(index, raw, problems) for index, raw in enumerate(couples)]
    entries = [entry for entry, _ in parsed if entry is not None]
    all_valid = len(entries) == len(parsed)
    lengths = {
        len(raw["judges"]) for raw in couples if isinstance(raw, dict) and isinstance(raw.get("judges"), list)
    }
    if len(lengths) > 1:
        problems.add(f"every couple needs the same number of judges' scores, got lengths {sorted(lengths)}")
    kwargs = {
        "method": data.get("method"),
        "judge_ties": data.get("judge_ties", "dense"),
        "eliminate": _count_or_raw(data.get("eliminate", 1)),
        "bottom": _count_or_raw(data.get("bottom", 0)),
    }
    non_immune = sum(1 for _, immune in parsed if immune is not True)
    for problem in settings_problems(**kwargs, non_immune=non_immune, methods=CONTRACT_METHODS):
        if not (problem.startswith("unknown method") and "method" not in data):
            problems.add(problem)
    if all_valid:
        for problem in sum_problems(entries, kwargs["method"]):
            problems.add(problem)
    problems.raise_if_any()
    return entries, kwargs


def _duplicate_ids(couples: list, problems: Problems) -> None:
    first: dict[str, int] = {}
    for index, raw in enumerate(couples):
        couple_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(couple_id, str):
            continue
        if couple_id in first:
            problems.add(
                f"couple {couple_id!r}: duplicate id (couples[{first[couple_id]}] and couples[{index}])"
            )
        else:
            first.setdefault(couple_id, index)


def _count_or_raw(value: Any) -> Any:
    count = _count(value)
    return value if count is None else count


def result_to_contract(result: PeriodResult, *, explain: bool = False) -> dict[str, Any]:
    """The contract's output object (exact values; the adapter turns Fractions into JSON numbers)."""
    out: dict[str, Any] = {
        "standings": [
            {
                "id": line.id,
                "judges_total": line.judges_total,
                "judges_score": line.judges_score,
                "vote_score": line.vote_score,
                "combined": line.combined,
                "rank": line.rank,
                "status": str(line.status),
            }
            for line in result.standings
        ],
        "eliminated": sorted(result.eliminated),
        "bottom": sorted(result.bottom),
        "tied_at_cut": sorted(result.tied_at_cut),
    }
    if explain:
        out["explanation"] = list(result.explanation)
    return out


def compute_contract(data: Any, *, explain: bool = False) -> dict[str, Any]:
    """Validate and compute one contract input; raises ``InvalidInput`` listing every problem."""
    entries, kwargs = parse_period(data)
    result = rank_period(entries, **kwargs)
    _check_printable(result)
    return result_to_contract(result, explain=explain)


FLOAT_MAX = Fraction(sys.float_info.max)


def _check_printable(result: PeriodResult) -> None:
    """Refuse results whose non-integral numbers overflow a JSON float (e.g. shares of a sum near 0 made by
    huge opposite bonuses): a clear error instead of a crash while printing."""
    problems = Problems()
    for line in result.standings:
        for field in ("judges_total", "judges_score", "vote_score", "combined"):
            value = getattr(line, field)
            if isinstance(value, Fraction) and value.denominator != 1 and abs(value) > FLOAT_MAX:
                problems.add(
                    f"couple {line.id!r}: {field} is too large to print as a JSON number (check the bonuses)"
                )
    problems.raise_if_any()
