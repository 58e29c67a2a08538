"""The howisonlab importer (named judges) against the real dataset."""

from fractions import Fraction

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.imports import howisonlab


def test_all_31_seasons_import_with_named_judges(howisonlab_result):
    assert [s.number for s in howisonlab_result.seasons] == list(range(1, 32))
    assert sum(len(s.performances) for s in howisonlab_result.seasons) == 2985
    judges = {j for s in howisonlab_result.seasons for p in s.performances for j, _ in p.scores}
    assert {"Carrie Ann Inaba", "Len Goodman", "Bruno Tonioli", "Michael Bublé"} <= judges
    assert "America's Score" not in judges


def test_five_judge_week_keeps_all_scores(howisonlab_result):
    vinny = [p for p in howisonlab_result.season(31).performances if p.couple == "Vinny" and p.week == 6]
    assert sorted(v for _, v in vinny[0].scores) == [7, 7, 7, 7, 8]


def test_quirks_reported(howisonlab_result):
    counts = {kind: count for kind, count, _ in howisonlab_result.summary()}
    assert counts["no_results"] == 31
    assert counts["pseudo_judge"] >= 1
    averaged = {i.season for i in howisonlab_result.issues if i.kind == "averaged_multi_dance"}
    assert averaged == {10, 11}
    halves = [v for p in howisonlab_result.season(15).performances for _, v in p.scores if v.denominator == 2]
    assert Fraction(13, 2) in halves


def test_not_a_dataset_directory(tmp_path):
    with pytest.raises(InvalidInput):
        howisonlab.load(tmp_path)
