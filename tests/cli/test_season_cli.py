"""`floorcraft season ...` end to end on a SQLite file: the flow of a week, exports, errors (exit 2, one line,
database untouched)."""

import json

import pytest
from typer.testing import CliRunner

from floorcraft.cli import app

SEASON = """
[season]
id = "s1"
title = "Season 1"
show = "strictly"
preset = "strictly"

[[couples]]
id = "A"
celebrity = "Ann"
professional = "Pro A"
[[couples]]
id = "B"
celebrity = "Bob"
professional = "Pro B"
[[couples]]
id = "C"
celebrity = "Cat"
professional = "Pro C"

[[judges]]
id = "shirley"
name = "Shirley Ballas"
role = "head"
[[judges]]
id = "craig"
name = "Craig Revel Horwood"
[[judges]]
id = "motsi"
name = "Motsi Mabuse"
"""


READS = {"compute", "leaderboard", "table", "show", "export", "list", "audit"}


@pytest.fixture
def run(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()

    def invoke(*args, expect=0):
        who = [] if args[1] in READS else ["--by", "tester"]
        result = runner.invoke(app, [*args, "--db", db, *who])
        assert result.exit_code == expect, (result.stdout, result.stderr)
        return result

    (tmp_path / "s1.toml").write_text(SEASON)
    invoke("season", "create", str(tmp_path / "s1.toml"))
    invoke.tmp_path = tmp_path
    return invoke


def play_week_one(run):
    run("season", "add-week", "s1", "--title", "Launch")
    for couple in "ABC":
        run("season", "perform", "s1", "1", couple, "--dance", "Tango", "--song", "Roxanne")
    run("season", "score", "s1", "1", "A", "shirley=8", "craig=7", "motsi=9")
    run("season", "score", "s1", "1", "B", "shirley=6", "craig=6", "motsi=7")
    run("season", "score", "s1", "1", "C", "shirley=5", "craig=4", "motsi=5")
    run("season", "votes", "s1", "1", "A=1200", "B=3000", "C=900")


def test_a_week_from_the_command_line(run):
    play_week_one(run)
    out = run("season", "compute", "s1", "1").stdout
    assert "C is in the bottom group: 1 judges' point + 1 public point = 2, lowest" in out
    assert "B and A tied on 5, B ranks higher on public votes" in out
    data = json.loads(run("season", "compute", "s1", "1", "--json").stdout)
    assert (data["week"], data["kind"], data["weeks"]) == (1, "bottom", [1])
    assert data["bottom"] == ["A", "C"] and data["eliminated"] == [] and data["save"] is None
    assert [(x["id"], x["judges_total"], x["votes"], x["combined"]) for x in data["standings"]] == [
        ("B", 19, 3000, 5),
        ("A", 24, 1200, 5),
        ("C", 14, 900, 2),
    ]
    run("season", "save-vote", "s1", "1", "craig=A", "motsi=A")
    out = run("season", "confirm", "s1", "1").stdout
    assert "C eliminated" in out and "A saved" in out
    assert "Tango 24 (8, 7, 9)" in run("season", "leaderboard", "s1", "1").stdout
    assert "out week 1" in run("season", "table", "s1").stdout
    csv_text = run("season", "export", "s1", "--format", "csv").stdout
    assert csv_text.splitlines()[3] == "1,C,Cat,Pro C,14,900,eliminated"


def test_export_and_import_round_trip(run):
    play_week_one(run)
    first = run("season", "export", "s1").stdout
    path = run.tmp_path / "s1.json"
    path.write_text(first)
    run("season", "import", str(path), expect=2)  # the id exists
    run("season", "import", str(path), "--replace")
    assert run("season", "export", "s1").stdout == first
    assert json.loads(first)["format"] == "floorcraft-season/1"


def test_corrections_keep_history_and_are_audited(run):
    play_week_one(run)
    run("season", "score", "s1", "1", "C", "craig=5", "--correct", expect=2)  # no reason
    run("season", "score", "s1", "1", "C", "craig=5", "--correct", "--reason", "keyed 5 stands")
    data = json.loads(run("season", "export", "s1").stdout)
    (score,) = [s for s in data["scores"] if s["performance"] == "1.3" and s["judge"] == "craig"]
    assert score["value"] == 5
    assert [(c["old"], c["new"], c["by"], c["reason"]) for c in score["corrections"]] == [
        (4, 5, "tester", "keyed 5 stands")
    ]
    audit = run("season", "audit", "s1").stdout
    assert "tester  score.corrected  1.3/craig  4 -> 5  (keyed 5 stands)" in audit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("season", "score", "s1", "1", "A", "shirley=11"), "judge shirley: score 11 is outside 1–10"),
        (("season", "score", "s1", "1", "A", "shirley"), "score 'shirley': expected KEY=VALUE"),
        (
            ("season", "votes", "s1", "1", "A=-5"),
            "week 1, couple A: votes must be a non-negative whole number",
        ),
        (("season", "votes", "s1", "1", "Z=5"), "week 1, couple Z: unknown couple"),
        (("season", "confirm", "s1", "1"), "week 1: no vote total for couple"),
        (("season", "compute", "s1", "9"), "no week 9"),
        (("season", "perform", "s1", "1", "A", "--kind", "solo"), "kind: unknown kind 'solo'"),
        (("season", "export", "s1", "--format", "xml"), "--format: expected json or csv"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(run, args, message):
    run("season", "add-week", "s1")
    run("season", "perform", "s1", "1", "A", "--dance", "Waltz")
    before = run("season", "export", "s1").stdout
    result = run(*args, expect=2)
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert run("season", "export", "s1").stdout == before


def test_a_bad_season_file_names_the_location(run):
    bad = run.tmp_path / "bad.toml"
    bad.write_text(SEASON.replace('id = "s1"', 'id = "s2"').replace('role = "head"', 'role = "chief"'))
    result = run("season", "create", str(bad), expect=2)
    assert "judges[1].role: unknown role 'chief'" in result.stderr
    assert "s2" not in run("season", "list").stdout


def test_a_database_that_cannot_be_opened_is_one_line_exit_2():
    result = CliRunner().invoke(app, ["season", "list", "--db", "nosuchdialect://x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --db nosuchdialect://x: cannot open the database")
