"""The demo season: a packaged season file played week by week through the show service.

:func:`run_demo` is the terminal demo's engine (``floorcraft demo``) and can be called by other code (the live
show server of a later issue). Every fact goes in through the same service functions a producer uses, at fixed
times, and every random draw comes from ``random.Random`` seeded with the file's ``seed`` and what is drawn:
two runs give identical seasons on any backend. The season is replaced on each run, never duplicated.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import Engine

from floorcraft.errors import InvalidInput
from floorcraft.model.decision import Decision
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in
from floorcraft.show import service
from floorcraft.show.compute import PeriodComputation
from floorcraft.show.season_file import WEEK_KEYS
from floorcraft.show.tables import leaderboard

DEMO_KEYS = {"dances", "dances_each", "team", "marathon", "immunity_to_top", "withdraw", "correction"}
JUDGE_BIAS = {"margot": -0.3, "rafael": 0.2, "priya": 0.0, "theo": -0.1, "jonas": 0.4}


@dataclass(frozen=True)
class DemoEvent:
    """What the runner reports to its observer: ``kind`` is ``created``, ``week``, ``scored``, ``computed``,
    ``confirmed`` or ``finished``; ``season`` is the season as stored after the step."""

    kind: str
    season: Season
    week: int | None = None
    computation: PeriodComputation | None = None
    decision: Decision | None = None


def demo_data() -> dict[str, Any]:
    """The packaged demo season file (``floorcraft/show/demo_season.toml``), parsed."""
    import tomllib

    return tomllib.loads(resources.files("floorcraft.show").joinpath("demo_season.toml").read_text("utf-8"))


def demo_weeks(data: dict[str, Any] | None = None) -> int:
    return len((data or demo_data())["demo"]["weeks"])


class _Clock:
    """Fixed, increasing times: week n starts 7 × (n − 1) days after ``start``; each action one minute on."""

    def __init__(self, start: datetime):
        self.start, self.now = start, start

    def week(self, n: int) -> None:
        self.now = self.start + timedelta(days=7 * (n - 1))

    def tick(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def run_demo(
    engine: Engine, *, on_event: Callable[[DemoEvent], None] | None = None, data: dict[str, Any] | None = None
) -> Season:
    """Create the demo season (replacing an earlier one) and play all its weeks; return the final season."""
    data = data or demo_data()
    demo = data["demo"]
    season_part = {k: v for k, v in data.items() if k != "demo"}
    seed, actor = demo["seed"], demo.get("actor", "demo")
    skill, fans = demo["skill"], demo["fans"]
    clock = _Clock(datetime.fromisoformat(demo["start"]))
    emit = on_event or (lambda _event: None)

    season = service.create_season(engine, season_part, by=actor, replace=True, at=clock.tick())
    key = season.id
    emit(DemoEvent("created", season))
    for number, plan in enumerate(demo["weeks"], start=1):
        clock.week(number)
        unknown = set(plan) - WEEK_KEYS - DEMO_KEYS
        if unknown:
            raise InvalidInput(f"demo.weeks[{number}]: unknown keys {sorted(unknown)}")
        season = service.load(engine, key)
        week = {k: v for k, v in plan.items() if k in WEEK_KEYS}
        week["number"] = number
        if plan.get("immunity_to_top") and number > 1:
            still = set(couples_in(season, number))
            top = [line for line in leaderboard(season, number - 1) if line.couple in still]
            week["immune"] = [top[0].couple]
        withdrawing = plan.get("withdraw", {}).get("couple")
        dancers = [c for c in couples_in(season, number) if c != withdrawing]
        week["performances"] = _performances(seed, number, plan, dancers)
        service.add_week(engine, key, week, by=actor, at=clock.tick())
        if withdrawing:
            service.withdraw(
                engine, key, number, withdrawing, reason=plan["withdraw"]["reason"], by=actor, at=clock.tick()
            )
        season = service.load(engine, key)
        emit(DemoEvent("week", season, number))
        _score(engine, season, number, seed, skill, clock, actor)
        if "correction" in plan:
            _correct(engine, service.load(engine, key), number, plan["correction"], clock, actor)
        if "marathon" in plan:
            _marathon(engine, key, number, plan["marathon"], dancers, seed, skill, clock, actor)
        votes = {c: _votes(seed, number, c, fans[c], skill[c]) for c in dancers}
        service.record_votes(engine, key, number, votes, by=actor, at=clock.tick())
        season = service.load(engine, key)
        emit(DemoEvent("scored", season, number))
        comp = service.compute_week(engine, key, number)
        if comp.kind == "bottom":
            comp = service.record_save_votes(
                engine, key, number, _save_votes(season, number, comp, seed), by=actor, at=clock.tick()
            )
        emit(DemoEvent("computed", season, number, computation=comp))
        decision = service.confirm_week(engine, key, number, by=actor, at=clock.tick())
        season = service.load(engine, key)
        emit(DemoEvent("confirmed", season, number, computation=comp, decision=decision))
    emit(DemoEvent("finished", season))
    return season


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _performances(seed: int, number: int, plan: dict, dancers: list[str]) -> list[dict]:
    order = list(dancers)
    _rng(seed, number, "running order").shuffle(order)
    dances = plan["dances"]
    perfs = []
    for k in range(plan.get("dances_each", 1)):
        for i, couple in enumerate(order):
            perfs.append(
                {
                    "couple": couple,
                    "dance": dances[(i + k) % len(dances)],
                    "night": k + 1 if plan.get("nights", 1) > 1 else 1,
                }
            )
    for t, team_name in enumerate(plan.get("team", [])):
        members = order[t :: len(plan["team"])]
        perfs.append({"couples": members, "dance": team_name, "kind": "team"})
    if "marathon" in plan:
        perfs.append({"couples": order, "dance": plan["marathon"], "kind": "marathon"})
    return perfs


def _mark(seed: int, number: int, perf: str, judge: str, level: float) -> int:
    rng = _rng(seed, number, perf, judge)
    raw = 3.2 + 5.5 * level + 0.22 * (number - 1) + JUDGE_BIAS.get(judge, 0.0) + rng.gauss(0, 0.8)
    return max(1, min(10, round(raw)))


def _score(engine, season: Season, number: int, seed: int, skill: dict, clock: _Clock, actor: str) -> None:
    period = season.period(number)
    sheet = {}
    for perf in season.performances_in(number):
        if perf.kind.counts_towards_total:
            level = sum(skill[c] for c in perf.couples) / len(perf.couples)
            sheet[perf.id] = {j: _mark(seed, number, perf.id, j, level) for j in period.panel}
    service.record_score_sheet(engine, season.id, number, sheet, by=actor, at=clock.tick())


def _correct(engine, season: Season, number: int, plan: dict, clock: _Clock, actor: str) -> None:
    line = leaderboard(season, number)[plan["rank"] - 1]
    dance = line.dances[0]
    old = dict(dance.scores)[plan["judge"]]
    new = old + plan["delta"] if old + plan["delta"] <= 10 else old - plan["delta"]
    service.correct_score(
        engine,
        season.id,
        number,
        dance.performance,
        plan["judge"],
        new,
        by=actor,
        reason=plan["reason"],
        at=clock.tick(),
    )


def _marathon(engine, key, number, name, dancers, seed, skill, clock, actor) -> None:
    rng = _rng(seed, number, "marathon")
    stamina = sorted(dancers, key=lambda c: skill[c] + rng.random() * 0.5)
    for points, couple in enumerate(stamina, start=1):  # first out 1 point ... last standing N (§3.4)
        service.add_bonus(engine, key, number, couple, points, reason=name, by=actor, at=clock.tick())


def _votes(seed: int, number: int, couple: str, fans: float, skill: float) -> int:
    rng = _rng(seed, number, "votes", couple)
    return int(fans * 900_000 * (0.6 + 0.8 * rng.random()) * (0.8 + 0.4 * skill)) + rng.randint(0, 999)


def _save_votes(season: Season, number: int, comp: PeriodComputation, seed: int) -> dict[str, str]:
    """Each judge mostly saves the bottom couple who danced better this week (deterministic draws)."""
    bottom = [line.id for line in comp.result.standings if line.id in comp.result.bottom]
    totals = {line.couple: line.judges_total for line in leaderboard(season, number)}
    better, worse = sorted(bottom, key=lambda c: (-totals[c], c))
    votes = {}
    for judge in season.period(number).panel:
        votes[judge] = worse if _rng(seed, number, "save", judge).random() < 0.3 else better
    return votes
