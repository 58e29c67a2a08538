"""Machine-contract plumbing shared by ``results compute``, ``skating final`` and ``skating recall``.

The contract (issues #2 and #3): read one or more JSON files (``-`` = stdin), print one JSON object per input,
one per line, in input order; an invalid input prints ``{"error": "<clear message>"}`` on its line; after all
inputs exit 2 if any input was invalid, else 0. Numbers are JSON numbers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from floorcraft.errors import FloorcraftError

Compute = Callable[[Any], dict]


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    with open(source, encoding="utf-8") as fh:
        return fh.read()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def to_json_number(value: Any) -> Any:
    """Exact values (Fraction, Decimal) become JSON numbers: integral values as ints, others as floats."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return [_jsonable(v) for v in sorted(obj, key=str)]
    return to_json_number(obj)


def run_one(text: str, compute: Compute) -> tuple[dict, bool]:
    """Return (output object, ok) for one input document."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        return {"error": f"input is not valid JSON: {exc}"}, False
    try:
        return _jsonable(compute(data)), True
    except FloorcraftError as exc:
        return {"error": str(exc)}, False


def run_contract(sources: Iterable[str], compute: Compute) -> int:
    """Run ``compute`` on each source, print JSON Lines; return the exit code (2 if any was invalid)."""
    failed = False
    for source in sources:
        try:
            text = _read(source)
        except OSError as exc:
            out, ok = {"error": f"cannot read {source}: {exc.strerror or exc}"}, False
        except UnicodeDecodeError as exc:
            out, ok = {"error": f"cannot read {source}: not UTF-8 text ({exc.reason})"}, False
        else:
            out, ok = run_one(text, compute)
        failed = failed or not ok
        sys.stdout.write(json.dumps(out, allow_nan=False) + "\n")
    sys.stdout.flush()
    return 2 if failed else 0
