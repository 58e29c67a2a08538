"""Charts: files written (PNG and SVG, non-trivial size) and the numbers behind them."""

from fractions import Fraction

from floorcraft.analysis.compare import Comparison, SeasonComparison
from floorcraft.analysis.records import Performance, SeasonRecord
from floorcraft.imports import howisonlab, strictly_csv
from floorcraft.imports.datasets import dataset_for_tests
from floorcraft.reports import charts


def _files_ok(result):
    assert {f.suffix for f in result.files} == {".png", ".svg"}
    for file in result.files:
        assert file.stat().st_size > 5_000, file
    assert result.files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in result.files[1].read_bytes()[:2000]


def _season():
    season = SeasonRecord("strictly", 1, "test", judges_named=True)
    dances = [  # couple, week, running order, (judge, score)...
        ("A", 1, 1, (("X", 6), ("Y", 8))),
        ("B", 1, 2, (("X", 4), ("Y", 6))),
        ("A", 2, 2, (("X", 8), ("Y", 8))),
        ("B", 2, 1, (("X", 6), ("Y", 10))),
    ]
    for couple, week, order, scores in dances:
        season.performances.append(
            Performance(couple, week, tuple((j, Fraction(v)) for j, v in scores), running_order=order)
        )
    return season


def test_progression_data(tmp_path):
    result = charts.score_progression(_season(), tmp_path / "p")
    assert result.data == {"A": [(1, 14.0), (2, 16.0)], "B": [(1, 10.0), (2, 16.0)]}
    _files_ok(result)


def test_harshness_by_hand(tmp_path):
    result = charts.judge_harshness([_season()], tmp_path / "j", min_scores=1)
    # X is 1 below the panel mean on every dance, Y 1 above (means 7, 5, 8, 8 → deviations −1, −1, 0, −2).
    assert result.data["X"]["vs_panel"] == -1.0 and result.data["Y"]["vs_panel"] == 1.0
    assert result.data["X"]["distribution"] == {4.0: 1, 6.0: 2, 8.0: 1}
    assert result.data["X"]["mean"] == 6.0
    _files_ok(result)


def test_running_order_by_hand(tmp_path):
    result = charts.running_order_effect([_season()], tmp_path / "r")
    # week 1: per-judge 7 (first) and 5 (second), night mean 6; week 2: 8 (first, B) and 8 (second, A).
    assert result.data == {1: {"n": 2, "vs_night": 0.5}, 2: {"n": 2, "vs_night": -0.5}}
    _files_ok(result)


def test_method_comparison_chart(tmp_path):
    comparison = Comparison((SeasonComparison(1, 4, 1, 0, ()), SeasonComparison(2, 5, 0, 1, ())), "inferred")
    result = charts.method_comparison(comparison, tmp_path / "c")
    assert result.data["seasons"][1]["rate"] == 0.25 and result.data["overall"]["different"] == 1
    _files_ok(result)


def test_real_judges_and_running_order(tmp_path):
    named = howisonlab.load(dataset_for_tests("howisonlab")).seasons
    result = charts.judge_harshness(named, tmp_path / "judges")
    assert {"Carrie Ann Inaba", "Len Goodman", "Bruno Tonioli"} <= set(result.data)
    assert result.data["Len Goodman"]["vs_panel"] < 0 < result.data["Bruno Tonioli"]["vs_panel"]
    assert sum(result.data["Len Goodman"]["distribution"].values()) == result.data["Len Goodman"]["n"]
    strictly = strictly_csv.load(dataset_for_tests("strictly")).seasons
    order = charts.running_order_effect(strictly, tmp_path / "order")
    assert sum(v["n"] for v in order.data.values()) == sum(len(s.performances) for s in strictly)
    assert order.data[1]["n"] > order.data[12]["n"]


def test_charts_draw_with_agg():
    import matplotlib

    charts._figure()
    assert matplotlib.get_backend().lower() == "agg"
