"""Records ↔ season model ↔ floorcraft JSON export ↔ store: round trips on real seasons, both backends."""

import json

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.imports import export_json
from floorcraft.imports.registry import IMPORTERS, get_importer, import_path
from floorcraft.imports.to_model import record_to_season, season_to_record
from floorcraft.store.db import transaction
from floorcraft.store.season_repo import SeasonRepo


def same(a, b):
    """The facts the analysis uses: totals per week, exits, placements, withdrawals, judges."""
    assert a.show == b.show and a.number == b.number
    assert a.totals_by_week() == b.totals_by_week()
    assert {
        c: (r.eliminated_week, r.placement, r.withdrew, r.professional) for c, r in a.couples.items()
    } == {c: (r.eliminated_week, r.placement, r.withdrew, r.professional) for c, r in b.couples.items()}
    assert sorted(j for p in a.performances for j, _ in p.scores) == sorted(
        j for p in b.performances for j, _ in p.scores
    )


@pytest.mark.parametrize("number", [3, 18, 34])
def test_mcm_season_round_trips_through_the_json_export(mcm_result, tmp_path, number):
    record = mcm_result.season(number)
    path = tmp_path / f"s{number}.json"
    path.write_text(export_json.dump(record))
    (back,) = export_json.load(path).seasons
    same(record, back)
    assert json.loads(path.read_text())["season"]["id"] == f"mcm-{number}"


def test_strictly_series_keeps_running_order(strictly_result):
    record = strictly_result.season(6)
    back = season_to_record(record_to_season(record))
    same(record, back)
    assert [p.running_order for p in back.performances if p.week == 1] == sorted(
        p.running_order for p in record.performances if p.week == 1
    )


def test_directory_of_exports(mcm_result, tmp_path):
    for number in (1, 2):
        (tmp_path / f"{number}.json").write_text(export_json.dump(mcm_result.season(number)))
    result = import_path("json", tmp_path)
    assert [s.number for s in result.seasons] == [1, 2]


def test_stored_season_loads_back_the_same(store, mcm_result, howisonlab_result):
    records = [mcm_result.season(34), howisonlab_result.season(31)]
    with transaction(store) as session:
        for record in records:
            SeasonRepo(session).add(record_to_season(record))
    with transaction(store) as session:
        repo = SeasonRepo(session)
        assert sorted(repo.keys()) == ["howisonlab-31", "mcm-34"]
        loaded = [season_to_record(repo.load(k)) for k in ("mcm-34", "howisonlab-31")]
    for record, back in zip(records, loaded, strict=True):
        same(record, back)
    assert loaded[1].judges_named and not loaded[0].judges_named


def test_registry_names_and_errors(tmp_path):
    assert set(IMPORTERS) == {"mcm", "howisonlab", "strictly", "json"}
    with pytest.raises(InvalidInput, match="unknown import format 'xls'"):
        get_importer("xls")
    with pytest.raises(InvalidInput, match="no such file"):
        import_path("mcm", tmp_path / "none.csv")
    with pytest.raises(InvalidInput, match=r"no \*\.json"):
        import_path("json", tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(InvalidInput, match="line 1 column 2"):
        import_path("json", bad)
