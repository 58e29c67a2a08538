"""Seeding helpers for the judge, vote and results page tests: the demo season played part-way."""

from __future__ import annotations

import contextlib

from floorcraft.show.demo import demo_data, run_demo


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
