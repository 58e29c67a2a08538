"""`floorcraft event` end to end on both backends: create, marks, recall, final, export, sheets, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from floorcraft.cli import app
from floorcraft.store.dancesport_tables import EventRow, MarkRow

DATA = Path(__file__).resolve().parents[1] / "data" / "dancesport"
EVENT = "Floorcraft Open Latin"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["event", *args], catch_exceptions=False)


def _marks(url: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(MarkRow))
    engine.dispose()
    return count


@pytest.fixture
def db(database_url):
    result = run("create", str(DATA / "open_latin.toml"), "--db", database_url)
    assert result.exit_code == 0, result.output
    return database_url


def test_event_from_heat_to_final_and_its_sheets(db, tmp_path):
    assert run("marks", EVENT, str(DATA / "heat_clear.csv"), "--db", db).exit_code == 0
    recalled = run("recall", EVENT, "--db", db)
    assert recalled.exit_code == 0, recalled.output
    assert "recalled into round 2: 1 2 3 4 5 6" in recalled.stdout
    assert run("marks", EVENT, str(DATA / "final_tso_n.csv"), "--db", db).exit_code == 0
    final = run("final", EVENT, "--db", db)
    assert final.exit_code == 0, final.output
    assert "Rule 11 for place 2" in final.stdout
    for fmt, suffix in (("html", "html"), ("csv", "csv"), ("pdf", "pdf"), ("terminal", "txt")):
        out = tmp_path / f"sheet.{suffix}"
        result = run(
            "sheet", EVENT, "--round", "2", "--format", fmt, "--paper", "letter", "-o", str(out), "--db", db
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert "Cleo &amp; Dan" in (tmp_path / "sheet.html").read_text()  # escaped
    heat_sheet = run("sheet", EVENT, "--round", "1", "--db", db)
    assert heat_sheet.exit_code == 0 and "6 couples recalled" in heat_sheet.stdout


def test_export_round_trips_through_import_and_the_contract(db, tmp_path):
    run("marks", EVENT, str(DATA / "heat_clear.csv"), "--db", db)
    run("recall", EVENT, "--db", db)
    run("marks", EVENT, str(DATA / "final_tso_n.csv"), "--db", db)
    exported = run("export", EVENT, "--round", "2", "--format", "csv", "--db", db).stdout
    assert exported == (DATA / "final_tso_n.csv").read_text()
    as_json = tmp_path / "final.json"
    assert run("export", EVENT, "-r", "2", "-f", "json", "-o", str(as_json), "--db", db).exit_code == 0
    contract = runner.invoke(app, ["skating", "final", str(as_json)])
    assert json.loads(contract.stdout)["final"] == {str(i): i for i in range(1, 7)}
    again = run("marks", EVENT, str(as_json), "--round", "2", "--db", db)  # same marks: nothing changes
    assert again.exit_code == 0 and "0 changed" in again.stdout
    heat_json = tmp_path / "heat.json"
    run("export", EVENT, "-r", "1", "-f", "json", "-o", str(heat_json), "--db", db)
    recall = json.loads(runner.invoke(app, ["skating", "recall", str(heat_json)]).stdout)
    assert recall["recalled"] == ["1", "2", "3", "4", "5", "6"]


def test_card_per_judge_on_the_command_line(db):
    result = run("card", EVENT, "--judge", "A", "--dance", "S", "1", "2", "3", "4", "5", "7", "--db", db)
    assert result.exit_code == 0, result.output
    assert _marks(db) == 8  # one card: a mark for every couple of the round (X or not)
    bad = run("card", EVENT, "--judge", "Q", "--dance", "S", "1", "99", "--db", db)
    assert bad.exit_code == 2
    assert "judge 'Q' is not on the panel" in bad.stderr and "couple '99'" in bad.stderr
    assert _marks(db) == 8


def test_tie_policy_ask_makes_the_chairman_choose(db):
    run("marks", EVENT, str(DATA / "heat_tie.csv"), "--db", db)
    asked = run("recall", EVENT, "--db", db)
    assert asked.exit_code == 2
    assert "--take fewer (5 couples) or --take more (7 couples)" in asked.stderr
    taken = run("recall", EVENT, "--take", "more", "--db", db)
    assert taken.exit_code == 0, taken.output
    assert "recalled into round 2: 1 2 3 4 5 6 7" in taken.stdout
    assert "6 couples were requested" in taken.stdout


def test_bad_mark_file_is_one_line_on_stderr_and_stores_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    text = (DATA / "heat_clear.csv").read_text().replace("S,1,X,X,X", "S,1,X,?,X", 1) + "S,9,X,,,,\n"
    bad.write_text(text)
    result = run("marks", EVENT, str(bad), "--db", db)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "line 2, judge B, couple 1" in lines[0] and "X or empty" in lines[0]
    assert _marks(db) == 0
    missing = run("marks", EVENT, str(tmp_path / "nope.csv"), "--db", db)
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr


def test_bad_event_file_names_every_problem(database_url, tmp_path):
    toml = tmp_path / "e.toml"
    toml.write_text(
        'name = "X"\ndances = ["W", "W"]\njudges = [{letter = "A"}, {letter = "B"}]\ncouples = []\n'
    )
    result = run("create", str(toml), "--db", database_url)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message
    for part in (
        "'W' appears more than once",
        "odd number of judges, got 2",
        "couples: must be a non-empty list",
    ):
        assert part in message
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(EventRow)) == 0
    engine.dispose()


def test_sheet_from_contract_json_needs_no_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "n.html"
    result = run("sheet", "--from-json", str(DATA / "final_tso_n.json"), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Rule 11 for place 2" in out.read_text()
    assert not (tmp_path / "floorcraft.sqlite").exists()
    recall = run("sheet", "--from-json", str(DATA / "recall_tie.json"), "--format", "csv", "--take", "fewer")
    assert recall.exit_code == 0 and "Recalled" in recall.stdout
    bad = run("sheet", "--from-json", str(DATA / "open_latin.toml"))
    assert bad.exit_code == 2 and "not valid JSON" in bad.stderr
    wrong = run("sheet", "--from-json", str(DATA / "final_tso_n.json"), "--format", "docx")
    assert wrong.exit_code == 2 and "--format" in wrong.stderr


def test_chairman_pin_from_the_command_line(db, tmp_path):
    assert run("set-pin", EVENT, "--new-pin", "2468", "--db", db).exit_code == 0
    run("marks", EVENT, str(DATA / "heat_clear.csv"), "--db", db)
    run("recall", EVENT, "--db", db)
    args = (
        "card",
        EVENT,
        "-r",
        "1",
        "-j",
        "A",
        "-d",
        "S",
        "1",
        "2",
        "3",
        "4",
        "5",
        "7",
        "--reason",
        "misread",
    )
    refused = run(*args, "--db", db)
    assert refused.exit_code == 2 and "Chairman's PIN" in refused.stderr
    accepted = run(*args, "--pin", "2468", "--db", db)
    assert accepted.exit_code == 0, accepted.output
    audit = run("audit", EVENT, "--db", db).stdout.splitlines()
    assert len(audit) == 2 and all("misread" in line for line in audit)
    run("compute", EVENT, "-r", "1", "--db", db)
    heat = tmp_path / "heat.csv"
    heat.write_text((DATA / "heat_clear.csv").read_text())
    refused = run("marks", EVENT, str(heat), "-r", "1", "--reason", "back", "--db", db)
    assert refused.exit_code == 2 and "Chairman's PIN" in refused.stderr
    accepted = run("marks", EVENT, str(heat), "-r", "1", "--reason", "back", "--pin", "2468", "--db", db)
    assert accepted.exit_code == 0 and "2 changed" in accepted.stdout
