"""`floorcraft results compute FILE...`: the JSON Lines machine contract end to end (issue #2 §4)."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from floorcraft.cli import app
from floorcraft.cli.contract import to_json_number
from floorcraft.rules.period_input import compute_contract

EXAMPLE = {
    "method": "rank_points",
    "judge_ties": "dense",
    "eliminate": 1,
    "bottom": 0,
    "couples": [
        {"id": "A", "judges": [8, 7, 9], "bonus": 0, "votes": 1200, "immune": False},
        {"id": "B", "judges": [6, 6, 7], "votes": 3000},
        {"id": "C", "judges": [5, 4, 5], "votes": 900},
    ],
}
EXPECTED = {
    "standings": [
        {
            "id": "B",
            "judges_total": 19,
            "judges_score": 2,
            "vote_score": 3,
            "combined": 5,
            "rank": 1,
            "status": "safe",
        },
        {
            "id": "A",
            "judges_total": 24,
            "judges_score": 3,
            "vote_score": 2,
            "combined": 5,
            "rank": 2,
            "status": "safe",
        },
        {
            "id": "C",
            "judges_total": 14,
            "judges_score": 1,
            "vote_score": 1,
            "combined": 2,
            "rank": 3,
            "status": "eliminated",
        },
    ],
    "eliminated": ["C"],
    "bottom": [],
    "tied_at_cut": [],
}
runner = CliRunner()


def _run(args, stdin=None):
    result = runner.invoke(app, ["results", "compute", *args], input=stdin)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_issue_example_exactly(tmp_path):
    path = tmp_path / "period.json"
    path.write_text(json.dumps(EXAMPLE))
    code, lines = _run([str(path)])
    assert code == 0
    assert lines == [EXPECTED]
    assert all(type(s["combined"]) is int for s in lines[0]["standings"])


def test_one_line_per_input_in_order_errors_inline_and_exit_2(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(EXAMPLE))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**EXAMPLE, "method": "borda"}))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, lines = _run(
        [str(good), str(bad), "-", str(broken), str(tmp_path / "nope.json"), str(good)], "[1, 2]"
    )
    assert code == 2
    assert len(lines) == 6
    assert lines[0] == lines[5] == EXPECTED
    assert lines[1] == {"error": "unknown method 'borda' (known: rank_points, percent_share)"}
    assert lines[2] == {"error": "the input must be a JSON object, got list"}
    assert "not valid JSON" in lines[3]["error"]
    assert "cannot read" in lines[4]["error"] and "nope.json" in lines[4]["error"]


def test_stdin_and_explain():
    code, lines = _run(["-", "--explain"], json.dumps(EXAMPLE))
    assert code == 0
    assert lines[0]["explanation"] == [
        "C leaves: 1 judges' point + 1 public point = 2, lowest",
        "B and A tied on 5, B ranks higher on public votes",
    ]


def test_percent_shares_print_with_full_float_precision():
    data = {
        "method": "percent_share",
        "couples": [
            {"id": "A", "judges": [10, 10, 9, 9], "votes": 1},
            {"id": "B", "judges": [7, 7, 6, 6], "votes": 2},
            {"id": "C", "judges": [4, 4, 3, 3], "votes": 2},
        ],
    }
    code, lines = _run(["-"], json.dumps(data))
    assert code == 0
    c = next(s for s in lines[0]["standings"] if s["id"] == "C")
    assert c["judges_score"] == float(Fraction(1400, 78)) and c["vote_score"] == 40
    assert c["combined"] == float(Fraction(1400, 78) + 40)


def test_installed_console_script_runs_the_contract(tmp_path):
    path = tmp_path / "period.json"
    path.write_text(json.dumps(EXAMPLE))
    exe = Path(sys.executable).with_name("floorcraft")
    done = subprocess.run(
        [str(exe), "results", "compute", str(path), "-"], input="{}", capture_output=True, text=True
    )
    assert done.returncode == 2
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first == EXPECTED
    assert "method is required" in second["error"] and "couples must be a list" in second["error"]


SCORE = st.integers(2, 20).map(lambda h: h / 2)
COUPLE = st.fixed_dictionaries(
    {"judges": st.lists(SCORE, min_size=3, max_size=3), "votes": st.integers(0, 50)},
    optional={"bonus": st.sampled_from([0, 0.1, 2, -1.5]), "immune": st.booleans()},
)


@given(
    st.lists(COUPLE, min_size=2, max_size=7),
    st.sampled_from(["rank_points", "percent_share"]),
    st.sampled_from(["dense", "standard"]),
    st.integers(0, 3),
    st.integers(0, 2),
)
def test_output_round_trips_through_the_cli(couples, method, ties, eliminate, bottom):
    data = {
        "method": method,
        "judge_ties": ties,
        "eliminate": eliminate,
        "bottom": bottom,
        "couples": [{"id": f"c{i}", **c} for i, c in enumerate(couples)],
    }
    code, lines = _run(["-"], json.dumps(data))
    try:
        direct = compute_contract(data)
    except Exception as exc:  # the CLI must report exactly what the library raises
        assert code == 2 and lines == [{"error": str(exc)}]
        return
    assert code == 0
    as_json = json.loads(json.dumps(direct, default=to_json_number))
    assert lines == [as_json]
    for printed, exact in zip(lines[0]["standings"], direct["standings"], strict=True):
        assert Fraction(printed["combined"]) == Fraction(float(exact["combined"]))


def test_results_presets_lists_every_preset_with_its_source():
    result = runner.invoke(app, ["results", "presets"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    for name in (
        "dwts-rank-s1",
        "dwts-percent",
        "dwts-judges-save",
        "dwts-current",
        "strictly",
        "lets-dance",
    ):
        assert name in result.stdout
    assert "tv-rules.md §2.1" in result.stdout
