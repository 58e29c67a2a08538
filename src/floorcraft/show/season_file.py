"""The season TOML file (docs/seasons.md): cast, judges, rules preset and settings, optionally the weeks.

Validation reports every problem at once, each with its location in the file (``couples[3].celebrity``,
``weeks[2].performances[1].kind``) and repairs nothing (style.md §5). The same checks build a week or a
performance from CLI options (:func:`period_from_dict`, :func:`performance_from_dict`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from floorcraft.errors import InvalidInput, Problems
from floorcraft.model.couple import Couple
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind, performance_id
from floorcraft.model.period import Period, Substitute
from floorcraft.model.season import Season
from floorcraft.rules.presets import PRESETS, Preset
from floorcraft.show.rulebook import season_rules

SEASON_KEYS = {"id", "title", "show", "preset", "settings"}
COUPLE_KEYS = {"id", "celebrity", "professional"}
JUDGE_KEYS = {"id", "name", "role"}
WEEK_KEYS = {
    "number",
    "title",
    "nights",
    "panel",
    "eliminate",
    "bottom",
    "final",
    "carry_over",
    "immune",
    "substitutes",
    "performances",
}
PERFORMANCE_KEYS = {"couples", "couple", "dance", "song", "kind", "night"}


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error becomes ``InvalidInput`` naming the file, line and column."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: {exc}") from None


def _unknown(problems: Problems, where: str, data: Mapping, known: set[str]) -> None:
    for key in data:
        if key not in known:
            problems.add(f"{where}.{key}: unknown key (known: {', '.join(sorted(known))})")


def _text(problems: Problems, where: str, value: Any, *, required: bool = True) -> str:
    if value is None:
        if required:
            problems.add(f"{where}: missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(f"{where}: expected a non-empty string, got {value!r}")
        return ""
    return value.strip()


def _int(problems: Problems, where: str, value: Any, default: int, *, minimum: int = 0) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.add(f"{where}: expected a whole number ≥ {minimum}, got {value!r}")
        return default
    return value


def _bool(problems: Problems, where: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        problems.add(f"{where}: expected true or false, got {value!r}")
        return default
    return value


def _table(problems: Problems, where: str, value: Any) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.add(f"{where}: expected a table")
        return {}
    return value


def _array(problems: Problems, where: str, value: Any) -> Sequence:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(f"{where}: expected an array")
        return []
    return value


def _ids(problems: Problems, where: str, value: Any, known: Sequence[str], what: str) -> tuple[str, ...]:
    items = _array(problems, where, value)
    out = []
    for i, item in enumerate(items, start=1):
        if item not in known:
            problems.add(f"{where}[{i}]: unknown {what} {item!r}")
        elif item in out:
            problems.add(f"{where}[{i}]: {what} {item!r} listed twice")
        else:
            out.append(item)
    return tuple(out)


def season_from_dict(data: Any, *, source: str = "season file") -> tuple[Season, Preset]:
    """Build a :class:`Season` (with any ``weeks`` and their performances) from parsed TOML data."""
    problems = Problems()
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{source}: expected a table at the top")
    _unknown(problems, source, data, {"season", "couples", "judges", "weeks"})
    head = _table(problems, f"{source}: [season]", data.get("season"))
    if "season" not in data:
        problems.add(f"{source}: [season] table missing")
    _unknown(problems, "[season]", head, SEASON_KEYS)
    key = _text(problems, "[season].id", head.get("id"))
    title = _text(problems, "[season].title", head.get("title"), required=False) or key
    show = _text(problems, "[season].show", head.get("show"), required=False)
    preset = _text(problems, "[season].preset", head.get("preset"))
    settings = dict(_table(problems, "[season].settings", head.get("settings")))
    rules = None
    if preset and preset not in PRESETS:
        problems.add(f"[season].preset: unknown rules preset {preset!r} (known: {', '.join(PRESETS)})")
    elif preset:
        try:
            rules = season_rules(preset, settings, where="[season].settings")
        except InvalidInput as exc:
            problems.items.extend(exc.problems)
    couples = []
    for i, raw in enumerate(_array(problems, "couples", data.get("couples")), start=1):
        where = f"couples[{i}]"
        raw = _table(problems, where, raw)
        _unknown(problems, where, raw, COUPLE_KEYS)
        couples.append(
            Couple(
                _text(problems, f"{where}.id", raw.get("id")),
                _text(problems, f"{where}.celebrity", raw.get("celebrity")),
                _text(problems, f"{where}.professional", raw.get("professional")),
            )
        )
    if len(couples) < 2:
        problems.add("couples: a season needs at least 2 couples")
    judges = []
    for i, raw in enumerate(_array(problems, "judges", data.get("judges")), start=1):
        where = f"judges[{i}]"
        raw = _table(problems, where, raw)
        _unknown(problems, where, raw, JUDGE_KEYS)
        role = raw.get("role", "regular")
        if role not in [str(r) for r in JudgeRole]:
            problems.add(f"{where}.role: unknown role {role!r} (known: {', '.join(JudgeRole)})")
            role = "regular"
        judges.append(
            Judge(
                _text(problems, f"{where}.id", raw.get("id")),
                _text(problems, f"{where}.name", raw.get("name")),
                JudgeRole(role),
            )
        )
    if not judges:
        problems.add("judges: a season needs at least one judge")
    if sum(1 for j in judges if j.is_head) > 1:
        problems.add("judges: more than one head judge")
    _no_duplicates(problems, "couples", [c.id for c in couples])
    _no_duplicates(problems, "judges", [j.id for j in judges])
    season = Season(
        id=key,
        title=title,
        show=show,
        preset=preset,
        settings=settings,
        couples=tuple(couples),
        judges=tuple(judges),
    )
    periods, performances = [], []
    if rules is not None:
        for i, raw in enumerate(_array(problems, "weeks", data.get("weeks")), start=1):
            try:
                period, perfs = period_from_dict(raw, season, rules, where=f"weeks[{i}]", taken=periods)
            except InvalidInput as exc:
                problems.items.extend(exc.problems)
                continue
            periods.append(period)
            performances.extend(perfs)
    problems.raise_if_any()
    return Season(
        **{**season.__dict__, "periods": tuple(periods), "performances": tuple(performances)}
    ), rules


def _no_duplicates(problems: Problems, where: str, ids: Sequence[str]) -> None:
    seen = set()
    for i, item in enumerate(ids, start=1):
        if item and item in seen:
            problems.add(f"{where}[{i}].id: duplicate id {item!r}")
        seen.add(item)


def default_panel(season: Season) -> tuple[str, ...]:
    """The regular panel: every judge who is not a guest, in season order."""
    return tuple(j.id for j in season.judges if j.role is not JudgeRole.GUEST)


def default_bottom(rules: Preset, *, eliminate: int, final: bool) -> int:
    """The bottom-group size a week gets unless it says otherwise: the preset's ``bottom_size`` in a judges'
    vote era for a single elimination, else 0 (a double elimination or a final takes the lowest directly)."""
    if rules.elimination == "bottom_then_judges_vote" and eliminate == 1 and not final:
        return rules.bottom_size
    return 0


def period_from_dict(
    data: Any, season: Season, rules: Preset, *, where: str, taken: Sequence[Period] = ()
) -> tuple[Period, list[Performance]]:
    """A week from its TOML table (or CLI options), with its performances. Defaults: the regular panel,
    one night, ``eliminate = 1`` (0 in a final), ``bottom`` per :func:`default_bottom`."""
    problems = Problems()
    data = _table(problems, where, data)
    _unknown(problems, where, data, WEEK_KEYS)
    numbers = {p.number for p in (*season.periods, *taken)}
    number = _int(problems, f"{where}.number", data.get("number"), max(numbers, default=0) + 1, minimum=1)
    if number in numbers:
        problems.add(f"{where}.number: week {number} already exists")
    final = _bool(problems, f"{where}.final", data.get("final"), False)
    eliminate = _int(problems, f"{where}.eliminate", data.get("eliminate"), 0 if final else 1)
    bottom = _int(
        problems,
        f"{where}.bottom",
        data.get("bottom"),
        default_bottom(rules, eliminate=eliminate, final=final),
    )
    couple_ids = [c.id for c in season.couples]
    judge_ids = [j.id for j in season.judges]
    panel = (
        _ids(problems, f"{where}.panel", data["panel"], judge_ids, "judge")
        if "panel" in data
        else default_panel(season)
    )
    if not panel:
        problems.add(f"{where}.panel: a week needs at least one judge")
    subs = []
    for couple, pro in _table(problems, f"{where}.substitutes", data.get("substitutes")).items():
        if couple not in couple_ids:
            problems.add(f"{where}.substitutes.{couple}: unknown couple")
        subs.append(Substitute(couple, _text(problems, f"{where}.substitutes.{couple}", pro)))
    nights = _int(problems, f"{where}.nights", data.get("nights"), 1, minimum=1)
    period = Period(
        number=number,
        title=_text(problems, f"{where}.title", data.get("title"), required=False) or f"Week {number}",
        nights=nights,
        panel=panel,
        eliminate=eliminate,
        bottom=bottom,
        final=final,
        carry_over=_bool(problems, f"{where}.carry_over", data.get("carry_over"), True),
        immune=_ids(problems, f"{where}.immune", data.get("immune"), couple_ids, "couple"),
        substitutes=tuple(subs),
    )
    performances = []
    for i, raw in enumerate(_array(problems, f"{where}.performances", data.get("performances")), start=1):
        try:
            performances.append(
                performance_from_dict(raw, season, period, order=i, where=f"{where}.performances[{i}]")
            )
        except InvalidInput as exc:
            problems.items.extend(exc.problems)
    problems.raise_if_any()
    return period, performances


def performance_from_dict(
    data: Any, season: Season, period: Period, *, order: int, where: str
) -> Performance:
    """One performance: ``couples`` (or ``couple``), ``dance``, ``song``, ``kind`` (couple, team, marathon,
    dance_off; default couple, or team when several couples dance), ``night``."""
    problems = Problems()
    data = _table(problems, where, data)
    _unknown(problems, where, data, PERFORMANCE_KEYS)
    raw_couples = data.get("couples", [data["couple"]] if "couple" in data else None)
    couples = _ids(problems, f"{where}.couples", raw_couples, [c.id for c in season.couples], "couple")
    if not couples:
        problems.add(f"{where}.couples: at least one couple must dance")
    kind = data.get("kind", "team" if len(couples) > 1 else "couple")
    if kind not in [str(k) for k in PerformanceKind]:
        problems.add(f"{where}.kind: unknown kind {kind!r} (known: {', '.join(PerformanceKind)})")
        kind = "couple"
    if kind == "couple" and len(couples) > 1:
        problems.add(f'{where}.kind: a couple dance has exactly one couple (use kind = "team")')
    night = _int(problems, f"{where}.night", data.get("night"), 1, minimum=1)
    if night > period.nights:
        problems.add(f"{where}.night: week {period.number} has {period.nights} night(s), not {night}")
    problems.raise_if_any()
    return Performance(
        id=performance_id(period.number, order),
        period=period.number,
        order=order,
        couples=couples,
        dance=_text(problems, f"{where}.dance", data.get("dance"), required=False),
        song=_text(problems, f"{where}.song", data.get("song"), required=False),
        kind=PerformanceKind(kind),
        night=night,
    )
