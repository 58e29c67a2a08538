"""The HTML season report: self-contained, with table, inline charts, inference and what-if sections."""

from floorcraft.analysis.replay import replay_season
from floorcraft.analysis.season_rules import rules_from_preset
from floorcraft.analysis.vote_models import PopularityPrior
from floorcraft.imports import howisonlab, mcm
from floorcraft.imports.datasets import dataset_for_tests
from floorcraft.reports.season_report import build_report, format_bound
from floorcraft.rules.tv import Method


def test_format_bound():
    from fractions import Fraction

    assert format_bound(Fraction(1, 8), Method.PERCENT_SHARE) == "12.5%"
    assert format_bound(3, Method.RANK_POINTS) == "3" and format_bound(None, Method.RANK_POINTS) == ""


def test_report_of_a_real_season(tmp_path):
    imported = mcm.load(dataset_for_tests("mcm"))
    season = imported.season(30)
    named = howisonlab.load(dataset_for_tests("howisonlab")).season(30)
    replay = replay_season(season, rules_from_preset("dwts-percent"), PopularityPrior(seed=1))
    report = build_report(season, tmp_path, judges=named, imported=imported, replay=replay, replay_title="x")
    html = report.path.read_text()
    assert set(report.charts) == {"progression", "judges"}
    assert html.count("<svg") == 2 and "<img" not in html and "<script" not in html
    assert "Fan-vote inference" in html and "What if" in html and "Import issues" in html
    assert len(report.inference) == html.count("<h3>")
    assert "Len Goodman" in html and "Iman Shumpert" in html
    for result in report.charts.values():
        assert all(f.exists() for f in result.files)
