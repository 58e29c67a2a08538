"""The Strictly results importer against the real file (facts from its README and tv-rules.md §6.5)."""

from floorcraft.imports import strictly_csv


def test_all_15_series_import(strictly_result):
    assert [s.number for s in strictly_result.seasons] == list(range(1, 16))
    assert sum(len(s.performances) for s in strictly_result.seasons) == 1734 - 15


def test_2008_semi_final_totals(strictly_result):
    totals = strictly_result.season(6).week_totals(13)
    assert totals == {"Lisa Snowdon": 75, "Rachel Stevens": 75, "Tom Chambers": 67}


def test_unscored_rows_and_suspect_judge_are_reported(strictly_result):
    counts = {kind: count for kind, count, _ in strictly_result.summary()}
    assert counts["unscored_dance"] == 15
    suspects = [i for i in strictly_result.issues if i.kind == "judge_identity_suspect"]
    assert {i.season for i in suspects} == {15} and all("Mollie King" in i.message for i in suspects)


def test_panel_sizes_vary(strictly_result):
    s15w5 = [p for p in strictly_result.season(15).performances if p.week == 5]
    assert {len(p.scores) for p in s15w5} == {3}
    s7 = [p for p in strictly_result.season(7).performances if p.week == 12]
    assert any("Darcey Bussell" in dict(p.scores) for p in s7)


def test_eliminations_are_derived_and_flagged(strictly_result):
    s6 = strictly_result.season(6)
    assert not s6.has_results
    assert s6.couples["Tom Chambers"].eliminated_week is None  # a finalist
    assert all(i.kind == "derived_elimination" for i in strictly_result.issues if i.location.line == 1)


def test_total_mismatch_is_reported(tmp_path):
    header = ",".join(
        ["celebrity_id", "professional_id", *strictly_csv.REQUIRED[:3], "song", *strictly_csv.REQUIRED[3:]]
    )
    judges = ["5", "6", "7", "8", "0", "0", "0", "0", "0"]
    rows = [
        ",".join(["0", "0", "A", "P", "Waltz", "S", "1", "1", "1", *judges, "27"]),
        ",".join(["1", "1", "B", "Q", "Tango", "S", "1", "1", "2", *judges, "26"]),
    ]
    path = tmp_path / "results.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = strictly_csv.load(tmp_path)
    (bad,) = [i for i in result.issues if i.kind == "bad_value"]
    assert bad.location.line == 2 and bad.location.column == "total"
    assert result.season(1).week_totals(1) == {"B": 26}
