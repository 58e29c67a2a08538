"""``floorcraft data ...`` end to end on a real dataset stored in a fresh SQLite file, and bad input."""

import json

import pytest
from typer.testing import CliRunner

from floorcraft.cli import app
from floorcraft.imports.datasets import dataset_for_tests

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["data", *args])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "seasons.sqlite"
    result = run("import", "mcm", str(dataset_for_tests("mcm")), "--db", str(path))
    assert result.exit_code == 0, result.output
    assert "imported 34 seasons (1–34)" in result.output and "results_mismatch" in result.output
    return str(path)


def test_list_and_table(db, tmp_path):
    listed = run("list", "--db", db).output.split()
    assert len(listed) == 34 and "mcm-34" in listed
    out = tmp_path / "s34.csv"
    assert run("table", "mcm-34", "--format", "csv", "-o", str(out), "--db", db).exit_code == 0
    lines = out.read_text().splitlines()
    assert lines[1].startswith("Robert Irwin,") and ",15*," in lines[1] and lines[1].endswith("1st Place")


def test_infer_json_reports_every_decision(db):
    result = run("infer", "mcm-34", "--json", "--db", db)
    weeks = json.loads(result.output)
    assert [w["label"] for w in weeks][:2] == ["week 1+2", "week 3"]
    assert all(w["explainable"] for w in weeks)
    first = weeks[0]
    assert sorted(first["eliminated"]) == ["Baron Davis", "Corey Feldman"]
    assert all(c["low"] is not None for c in first["couples"])


def test_replay_compare_report_charts(db, tmp_path):
    replay = json.loads(
        run("replay", "mcm-5", "--preset", "dwts-current", "--votes", "prior", "--json", "--db", db).output
    )
    assert replay and all("changed" in w for w in replay)
    compared = json.loads(run("compare", "mcm-1", "mcm-34", "--json", "--db", db).output)
    assert [s["season"] for s in compared["seasons"]] == [1, 34]
    assert compared["overall"]["weeks"] == sum(s["weeks"] for s in compared["seasons"])
    report = run("report", "mcm-34", "--out", str(tmp_path), "--what-if", "dwts-percent", "--db", db)
    assert report.exit_code == 0 and (tmp_path / "dwts-34.html").exists()
    charts = run("charts", "mcm-34", "--out", str(tmp_path / "c"), "--db", db)
    assert charts.exit_code == 0 and (tmp_path / "c" / "mcm-34-progression.svg").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["replay", "mcm-5", "--preset", "nope"], "unknown rules preset 'nope'"),
        (["table", "mcm-99"], "no stored season 'mcm-99'"),
        (["table", "mcm-34", "--format", "pdf"], "--format: expected terminal, html or csv"),
        (["replay", "mcm-5", "--preset", "dwts-current", "--votes", "psychic"], "unknown vote model"),
        (["infer", "mcm-5", "--rollover", "sideways"], "unknown rollover_merge"),
        (["infer", "mcm-5", "--solver", "guess"], "unknown solver"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_import_leaves_the_store_untouched(tmp_path):
    path = str(tmp_path / "x.sqlite")
    bad = tmp_path / "bad.csv"
    bad.write_text("celebrity_name\nA\n")
    for args in (
        ["import", "nope", str(bad)],
        ["import", "mcm", str(tmp_path / "missing.csv")],
        ["import", "mcm", str(bad)],
    ):
        result = run(*args, "--db", path)
        assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert run("list", "--db", path).output == ""


def test_json_export_import_and_replace(tmp_path):
    from floorcraft.imports import export_json, mcm

    season = mcm.load(dataset_for_tests("mcm")).season(34)
    file = tmp_path / "s34.json"
    file.write_text(export_json.dump(season))
    path = str(tmp_path / "j.sqlite")
    assert run("import", "json", str(file), "--db", path).exit_code == 0
    again = run("import", "json", str(file), "--db", path)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert run("import", "json", str(file), "--replace", "--db", path).exit_code == 0
    table = run("table", "mcm-34", "--format", "csv", "--db", path).output.splitlines()
    assert table[1].startswith("Robert Irwin,") and len(table) == 15
