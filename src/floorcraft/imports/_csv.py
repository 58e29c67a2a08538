"""Reading CSV files with the line number of every row, so each problem can say where it is."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from floorcraft.errors import InvalidInput


def read_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each data row; raise ``InvalidInput`` when a required column is missing."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise InvalidInput(f"{path}:1: missing column {name!r}" for name in missing)
        start = reader.line_num
        for row in reader:
            yield start + 1, row
            start = reader.line_num


def parse_fraction(text: str) -> Fraction | None:
    """A decimal score such as ``"8.5"`` or ``"9.3333"`` exactly as written; ``None`` if not a number."""
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        return None


def parse_int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None
