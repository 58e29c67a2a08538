"""The worked examples of tv-rules.md §6, each a season file under tests/data/seasons/, played through the
show service (season file -> scores -> votes -> compute) on SQLite: one parametrised test per file."""

import tomllib
from pathlib import Path

import pytest

from floorcraft.show import service
from floorcraft.store.db import open_store

EXAMPLES = sorted((Path(__file__).parents[1] / "data" / "seasons").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_worked_example(path, tmp_path):
    data = tomllib.loads(path.read_text())
    example = data.pop("example")
    engine = open_store(f"sqlite:///{tmp_path / 'example.sqlite'}")
    season = service.create_season(engine, data, by="test")
    week = season.periods[0]
    sheet = {perf: dict(zip(week.panel, marks, strict=True)) for perf, marks in example["scores"].items()}
    service.record_score_sheet(engine, season.id, week.number, sheet, by="test")
    for case in example["cases"]:
        service.record_votes(engine, season.id, week.number, case["votes"], by="test")
        comp = service.compute_week(engine, season.id, week.number)
        table = "\n".join(
            f"{s.rank} {s.id} judges {s.judges_total} -> {s.judges_score}, "
            f"votes {s.votes} -> {s.vote_score}, combined {s.combined}, {s.status}"
            for s in comp.result.standings
        )
        where = f"{example['source']} with votes {case['votes']}:\n{table}"
        if "eliminated" in case:
            assert sorted(comp.result.eliminated) == sorted(case["eliminated"]), where
        if "bottom" in case:
            assert sorted(comp.result.bottom) == sorted(case["bottom"]), where
        if "bottom_includes" in case:
            assert set(case["bottom_includes"]) <= comp.result.bottom, where
        if "order" in case:
            assert [s.id for s in comp.result.standings] == case["order"], where
    engine.dispose()
