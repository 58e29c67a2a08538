"""howisonlab scores combined with MCM results: name matching, reported misses, real seasons."""

from fractions import Fraction

import pytest

from floorcraft.analysis.inference import EXPLAINED, infer_season
from floorcraft.analysis.records import CoupleRecord, Performance, SeasonRecord
from floorcraft.errors import InvalidInput
from floorcraft.imports.combine import _match, combine
from floorcraft.imports.records import ImportResult
from floorcraft.imports.registry import import_path


def _couples(*names):
    return [CoupleRecord(n, n, "pro") for n in names]


def test_name_matching_rules():
    cast = _couples(
        'Mike "The Situation" Sorrentino',
        "Bill Nye",
        "Bill Engvall",
        "Helio Castroneves",
        "D. L. Hughley",
        "Billy Ray Cyrus",
        "Billy Dee Williams",
    )
    assert _match("The Situation", cast).celebrity.startswith("Mike")
    assert _match("Bill N.", cast).celebrity == "Bill Nye"
    assert _match("Hélio", cast).celebrity == "Helio Castroneves"
    assert _match("D.L.", cast).celebrity == "D. L. Hughley"
    assert _match("Billy Ray", cast).celebrity == "Billy Ray Cyrus"
    assert _match("Bill", cast) is None  # two Bills: ambiguous, never guessed
    assert _match("Vernon", cast) is None


def test_unmatched_couples_and_short_seasons_are_reported(mcm_result, howisonlab_result):
    combined = combine(howisonlab_result, mcm_result)
    unmatched = [i for i in combined.issues if i.kind == "unmatched_couple"]
    assert [(i.season, "Vernon" in i.message) for i in unmatched] == [(29, True)]  # not in the MCM file
    short = {i.season for i in combined.issues if i.kind == "missing_week"}
    assert short == {1, 31}  # S31 was scraped mid-season
    assert not combined.season(31).has_results and combined.season(30).has_results


def test_combined_season_keeps_named_judges_and_gets_results(mcm_result, howisonlab_result):
    combined = combine(howisonlab_result, mcm_result).season(30)
    assert combined.judges_named and "Iman Shumpert" in combined.couples
    assert combined.couples["Iman Shumpert"].placement == 1
    assert combined.eliminated_in(2) == mcm_result.season(30).eliminated_in(2)
    weeks = infer_season(combined)
    assert weeks and all(w.status == EXPLAINED for w in weeks)


def test_results_only_with_howisonlab(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("x\n")
    with pytest.raises(InvalidInput, match="only"):
        import_path("strictly", path, results=path)


def test_season_without_results_is_kept_as_it_is():
    named = SeasonRecord("dwts", 99, "howisonlab", judges_named=True)
    named.couples["Zed"] = CoupleRecord("Zed", "Zed", "pro")
    named.performances.append(Performance("Zed", 1, (("J", Fraction(7)),)))
    out = combine(ImportResult("howisonlab", [named]), ImportResult("mcm", []))
    assert out.seasons == [named]
