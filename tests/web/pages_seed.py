"""Seeding helpers for the judge, vote and results page tests: the demo season played part-way, judge
accounts named after the demo judges, and a live night brought to "judging open"."""

from __future__ import annotations

import contextlib

from web_helpers import PASSWORD

from floorcraft.show import live
from floorcraft.show.demo import demo_data, run_demo
from floorcraft.web.auth import accounts


class _Stop(Exception):
    pass


def seed_demo(engine, *, weeks: int, confirm_last: bool = True) -> str:
    """Play the first ``weeks`` demo weeks; with ``confirm_last=False`` the last one is scored and voted on
    but stops before the producer confirms it. Returns the season key."""
    data = demo_data()
    data["demo"]["weeks"] = data["demo"]["weeks"][:weeks]

    def stop(event) -> None:
        if not confirm_last and event.kind == "computed" and event.week == weeks:
            raise _Stop

    with contextlib.suppress(_Stop):
        run_demo(engine, data=data, on_event=stop)
    return data["season"]["id"]


def add_judges(site, season) -> list[str]:
    """One judge account per judge of ``season`` (username = judge id, password PASSWORD)."""
    for judge in season.judges:
        accounts.create_account(
            site.engine,
            site.app.state.site.passwords,
            username=judge.id,
            password=PASSWORD,
            role="judge",
            judge_ref=judge.id,
        )
    return [j.id for j in season.judges]


def open_judging(engine, key: str, week: int, *, nth: int = 0) -> str:
    """Begin ``week`` on the live night, start its ``nth`` performance and open judging; its id."""
    state = live.begin_week(engine, key, week, by="pat")
    perf = state.running_order[nth]
    live.start_performance(engine, key, perf, by="pat")
    live.open_judging(engine, key, perf, by="pat")
    return perf
