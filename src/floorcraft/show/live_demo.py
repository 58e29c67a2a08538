"""The demo season set up for a live night: the first weeks played (D's demo runner), the next one waiting.

:func:`seed_live_demo` plays ``weeks_played`` weeks of the packaged demo season exactly as the terminal demo
does (confirmed, with their explanations), then adds the next week of the plan — one dance per couple, in
the demo's seeded running order, nothing scored — so the producer can run it live from the control room.
"""

from __future__ import annotations

from sqlalchemy import Engine

from floorcraft.errors import InvalidInput
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in
from floorcraft.show import service
from floorcraft.show.demo import _performances, demo_data, run_demo
from floorcraft.show.season_file import WEEK_KEYS

#: Weeks of the demo played before the live night by default: week 7 (seven couples, four judges,
#: bottom two and the judges' save) is then played live.
DEFAULT_WEEKS_PLAYED = 6


def seed_live_demo(
    engine: Engine, *, weeks_played: int = DEFAULT_WEEKS_PLAYED, by: str = "demo producer"
) -> Season:
    """Replace the demo season: ``weeks_played`` weeks confirmed, the next added for the live night."""
    data = demo_data()
    plan = data["demo"]["weeks"]
    if not 0 <= weeks_played < len(plan):
        raise InvalidInput(f"weeks played: 0 to {len(plan) - 1} (the demo has {len(plan)} weeks)")
    played = {**data, "demo": {**data["demo"], "weeks": plan[:weeks_played]}}
    season = run_demo(engine, data=played)
    number = weeks_played + 1
    live_plan = {k: v for k, v in plan[number - 1].items() if k in WEEK_KEYS}
    live_plan["number"] = number
    live_plan["dances"] = plan[number - 1]["dances"]
    live_plan.pop("nights", None)
    dancers = list(couples_in(season, number))
    live_plan["performances"] = _performances(
        data["demo"]["seed"], number, {"dances": live_plan.pop("dances")}, dancers
    )
    service.add_week(engine, season.id, live_plan, by=by)
    return service.load(engine, season.id)
