"""Judges' scores, their scale, corrections and bonus points (tv-rules.md §1.1, §1.2, §1.5, §7 #16).

The score a judge *submitted* is official (tv-rules.md §1.2: "This paper is the official score"). A correction
replaces the official value but keeps the old one, with who, when and why, in :attr:`JudgeScore.history`.
Scores are exact :class:`fractions.Fraction` values (halves where the season allows them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from floorcraft.errors import InvalidInput


@dataclass(frozen=True)
class ScoreScale:
    """The allowed judge scores: ``minimum``..``maximum`` in steps of ``step`` from ``minimum``.

    Defaults are the usual 1–10 whole points (tv-rules.md §1.1); a season allowing halves sets
    ``step=Fraction(1, 2)`` (DWTS S15); Let's Dance once saw −1 (tv-rules.md §4), hence a configurable range.
    """

    minimum: Fraction = Fraction(1)
    maximum: Fraction = Fraction(10)
    step: Fraction = Fraction(1)

    def problem(self, value: Fraction) -> str | None:
        """A description of what is wrong with ``value`` on this scale, or None when it is allowed."""
        if not self.minimum <= value <= self.maximum:
            low, high = format_points(self.minimum), format_points(self.maximum)
            return f"score {format_points(value)} is outside {low}–{high}"
        if (value - self.minimum) % self.step:
            return f"score {format_points(value)} is not a multiple of {format_points(self.step)}"
        return None


@dataclass(frozen=True)
class ScoreCorrection:
    """One change of an official score: the value before and after, who changed it, when and why."""

    old: Fraction
    new: Fraction
    by: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class JudgeScore:
    """A judge's official score for one performance, with its correction history (oldest first)."""

    performance: str
    judge: str
    value: Fraction
    entered_by: str = ""
    entered_at: datetime | None = None
    history: tuple[ScoreCorrection, ...] = ()

    @property
    def first_value(self) -> Fraction:
        """The value as first entered (before any correction)."""
        return self.history[0].old if self.history else self.value


@dataclass(frozen=True)
class Bonus:
    """Bonus points for a couple in a period, added to the judges' total before ranking (tv-rules.md §1.5).

    ``reason`` names the mechanism (marathon, immunity bonus, dance-off win, team win, ...). Points may be any
    exact number (tv-rules.md §7 #11: the marathon schedule is free input).
    """

    period: int
    couple: str
    points: Fraction
    reason: str = ""


@dataclass(frozen=True)
class VoteCount:
    """The public vote total of one couple in one period (a non-negative integer)."""

    period: int
    couple: str
    votes: int = field(default=0)


def parse_points(raw: object, *, what: str) -> Fraction:
    """An exact number from an int, a finite float, a decimal string or ``"15/2"``; InvalidInput otherwise."""
    if isinstance(raw, bool):
        raise InvalidInput(f"{what}: expected a number, got {raw!r}")
    if isinstance(raw, Fraction | int):
        return Fraction(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise InvalidInput(f"{what}: expected a finite number, got {raw!r}")
        return Fraction(str(raw))
    if isinstance(raw, str):
        try:
            return Fraction(raw.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise InvalidInput(f"{what}: expected a number, got {raw!r}")


def format_points(value: Fraction) -> str:
    """``7``, ``7.5`` or ``23/3`` — the shortest exact rendering of a score or total."""
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:  # not a terminating decimal
        return str(value)
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    scaled = abs(value.numerator * 10**digits // value.denominator)
    sign = "-" if value < 0 else ""
    whole, frac = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"
