"""A season's rulebook: its preset with the season's overrides applied (tv-rules.md §7).

A season names a preset (``floorcraft.rules.presets``) and may override any of the preset's settings in its
``settings`` table, e.g. ``judge_ties = "standard"`` or ``score_step = "1/2"`` (DWTS S15 halves). Every
override is checked here; an unknown key or a bad value is an ``InvalidInput`` naming the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from fractions import Fraction

from floorcraft.errors import InvalidInput, Problems
from floorcraft.model.scores import ScoreScale, format_points, parse_points
from floorcraft.rules.finals import FinalMode
from floorcraft.rules.judges_vote import SaveRule
from floorcraft.rules.presets import ELIMINATION_MODES, Preset, get_preset
from floorcraft.rules.rollover import RolloverMerge
from floorcraft.rules.tv import Method, TiePolicy


def _choice(kind) -> Callable[[object, str], object]:
    def parse(raw: object, what: str) -> object:
        known = [str(m) for m in kind] if not isinstance(kind, tuple) else list(kind)
        if raw not in known:
            raise InvalidInput(f"{what}: unknown value {raw!r} (known: {', '.join(known)})")
        return kind(raw) if not isinstance(kind, tuple) else raw

    return parse


def _exact(raw: object, what: str) -> Fraction:
    return parse_points(raw, what=what)


def _positive_exact(raw: object, what: str) -> Fraction:
    value = parse_points(raw, what=what)
    if value <= 0:
        raise InvalidInput(f"{what}: must be positive, got {format_points(value)}")
    return value


def _count(raw: object, what: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise InvalidInput(f"{what}: expected a non-negative whole number, got {raw!r}")
    return raw


def _save_rule(raw: object, what: str) -> SaveRule | None:
    return None if raw in (None, "", "none") else _choice(SaveRule)(raw, what)


SETTINGS: dict[str, Callable[[object, str], object]] = {
    "method": _choice(Method),
    "judge_ties": _choice(TiePolicy),
    "elimination": _choice(ELIMINATION_MODES),
    "bottom_size": _count,
    "save_rule": _save_rule,
    "final_mode": _choice(FinalMode),
    "score_min": _exact,
    "score_max": _exact,
    "score_step": _positive_exact,
    "rollover_merge": _choice(RolloverMerge),
    "judges_weight": _exact,
    "votes_weight": _exact,
}
"""The preset fields a season may override, each with its parser."""


def season_rules(preset: str, settings: Mapping[str, object], *, where: str = "settings") -> Preset:
    """The preset named ``preset`` with ``settings`` applied. Reports every bad key or value at once."""
    base = get_preset(preset)
    problems = Problems()
    changes: dict[str, object] = {}
    for key, raw in settings.items():
        parse = SETTINGS.get(key)
        if parse is None:
            problems.add(f"{where}.{key}: unknown setting (known: {', '.join(SETTINGS)})")
            continue
        try:
            changes[key] = parse(raw, f"{where}.{key}")
        except InvalidInput as exc:
            problems.items.extend(exc.problems)
    problems.raise_if_any()
    try:
        rules = replace(base, **changes)
    except ValueError as exc:
        raise InvalidInput(f"{where}: {exc}") from None
    if rules.score_min > rules.score_max:
        raise InvalidInput(f"{where}: score_min is above score_max")
    return rules


def score_scale(rules: Preset) -> ScoreScale:
    return ScoreScale(rules.score_min, rules.score_max, rules.score_step)


def setting_to_json(value: object) -> object:
    """A setting value as plain JSON data (Fractions as exact strings like ``"1/2"``)."""
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    return value
