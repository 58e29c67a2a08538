"""`floorcraft skating final` / `skating recall`: the issue #3 machine contract, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from floorcraft.cli import app
from floorcraft.cli.contract import run_one
from floorcraft.cli.skating import final_document, recall_document

DATA = Path(__file__).resolve().parents[1] / "data" / "skating"

FINAL_EXAMPLE = {
    "dances": ["W", "T"],
    "judges": ["A", "B", "C", "D", "E"],
    "marks": {
        "W": {"11": [1, 1, 2, 1, 1], "12": [2, 2, 1, 3, 2], "13": [3, 3, 3, 2, 3]},
        "T": {"11": [1, 2, 1, 1, 1], "12": [2, 1, 2, 2, 3], "13": [3, 3, 3, 3, 2]},
    },
}
RECALL_EXAMPLE = {
    "dances": ["W", "T"],
    "judges": ["A", "B", "C"],
    "recall": 4,
    "marks": {
        "W": {"A": ["11", "12", "14"], "B": ["11", "13", "14"], "C": ["12", "13", "15"]},
        "T": {"A": ["11", "12", "13"], "B": ["11", "12", "15"], "C": ["13", "14", "15"]},
    },
    "couples": ["11", "12", "13", "14", "15", "16"],
}


def invoke(args: list[str], stdin: str | None = None):
    result = CliRunner().invoke(app, args, input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, lines


def write(tmp_path: Path, name: str, doc) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def test_final_contract_example(tmp_path):
    code, lines = invoke(["skating", "final", write(tmp_path, "f.json", FINAL_EXAMPLE)])
    assert code == 0
    (out,) = lines
    assert out["dances"] == {"W": {"11": 1, "12": 2, "13": 3}, "T": {"11": 1, "12": 2, "13": 3}}
    assert out["final"] == {"11": 1, "12": 2, "13": 3}
    assert all(isinstance(p, int) for p in out["final"].values())
    assert out["rule"] == {"11": 9, "12": 9, "13": 9}
    assert out["decided_by"] == {"11": "R9", "12": "R9", "13": "R9"}


def test_recall_contract_example_exact_keys(tmp_path):
    code, lines = invoke(["skating", "recall", write(tmp_path, "r.json", RECALL_EXAMPLE)])
    assert code == 0
    (out,) = lines
    assert {k: out[k] for k in ("totals", "recalled", "exact", "fewer", "more")} == {
        "totals": {"11": 4, "12": 4, "13": 4, "14": 3, "15": 3, "16": 0},
        "recalled": ["11", "12", "13", "14", "15"],
        "exact": False,
        "fewer": ["11", "12", "13"],
        "more": ["11", "12", "13", "14", "15"],
    }
    assert set(out) <= {"totals", "recalled", "exact", "fewer", "more", "warnings"}
    assert len(out["warnings"]) == 6  # every judge marked 3 couples where 4 were asked for


def test_recall_policy_key_and_no_warnings_key_when_clean(tmp_path):
    doc = {**RECALL_EXAMPLE, "recall": 3, "policy": "fewer"}
    doc["marks"] = {d: {j: [*v, "16"][:3] for j, v in m.items()} for d, m in RECALL_EXAMPLE["marks"].items()}
    _, (out,) = invoke(["skating", "recall", write(tmp_path, "r.json", doc)])
    assert "warnings" not in out and out["exact"] is True
    tied = {**RECALL_EXAMPLE, "policy": "fewer"}
    _, (out,) = invoke(["skating", "recall", write(tmp_path, "t.json", tied)])
    assert out["recalled"] == ["11", "12", "13"]


def test_shared_place_is_a_json_float_and_places_are_consumed(tmp_path):
    doc = json.loads((DATA / "trap9_shared_places_used_up.json").read_text(encoding="utf-8"))["input"]
    _, (out,) = invoke(["skating", "final", write(tmp_path, "s.json", doc)])
    assert out["final"]["2"] == out["final"]["3"] == 4.5 and out["final"]["1"] == 6
    assert out["decided_by"]["2"] == "shared"


def test_json_lines_in_input_order_with_stdin_and_errors_exit_2(tmp_path):
    good = write(tmp_path, "good.json", FINAL_EXAMPLE)
    bad = write(tmp_path, "bad.json", {"dances": ["W"], "marks": {"W": {"1": [1, 2], "2": [2, 1]}}})
    broken = write(tmp_path, "broken.json", "{not json")
    code, lines = invoke(["skating", "final", good, bad, "-", broken], stdin=json.dumps(FINAL_EXAMPLE))
    assert code == 2
    assert [("error" in line) for line in lines] == [False, True, False, True]
    assert lines[1] == {"error": "panel: even panel of 2 judges (the Skating System needs an odd panel)"}
    assert "not valid JSON" in lines[3]["error"]


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ([1, 2], "the input must be a JSON object"),
        ({"marks": {}}, "'dances' is missing"),
        ({"dances": ["W"], "marks": {"W": {"1": [1, 1, 1], "2": [2, 2, True]}}}, "dance W, judge #3"),
        ({"dances": ["W"], "marks": {"W": {}}}, "dance W: no couples"),
    ],
)
def test_final_errors_name_what_is_wrong(tmp_path, doc, fragment):
    code, (out,) = invoke(["skating", "final", write(tmp_path, "x.json", doc)])
    assert code == 2 and fragment in out["error"]


def test_recall_errors_exit_2(tmp_path):
    doc = {**RECALL_EXAMPLE, "couples": ["11", "11"], "recall": 0}
    code, (out,) = invoke(["skating", "recall", write(tmp_path, "x.json", doc)])
    assert code == 2
    assert "couple 11 is listed twice" in out["error"] and "recall must be from 1" in out["error"]


def test_explain_option_adds_rows(tmp_path):
    doc = json.loads((DATA / "tso_n_rule11.json").read_text(encoding="utf-8"))["input"]
    _, (out,) = invoke(["skating", "final", "--explain", write(tmp_path, "n.json", doc)])
    assert any("Rule 11" in row for row in out["explanation"]["final"])
    assert out["rule"]["2"] == 11 and out["decided_by"]["2"] == "R11"


def test_real_process_reads_stdin_and_exits_2_on_invalid():
    doc = json.dumps({"dances": ["W"], "marks": {"W": {"1": [1], "2": [1]}}})
    proc = subprocess.run(
        [sys.executable, "-m", "floorcraft", "skating", "final", "-"],
        input=doc,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"].startswith("dance W, judge #1: marks [1, 1] are not exactly 1..2")


def test_docs_console_examples_match_the_cli(tmp_path):
    """docs/skating.md shows real output: the final example verbatim, the recall one up to its warnings."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "skating.md").read_text(encoding="utf-8")
    shown = {}
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("$ floorcraft skating ") and lines[i + 1].startswith("{"):
            shown[line.split()[3]] = json.loads(lines[i + 1])
    _, (final_out,) = invoke(["skating", "final", write(tmp_path, "f.json", FINAL_EXAMPLE)])
    _, (recall_out,) = invoke(["skating", "recall", write(tmp_path, "r.json", RECALL_EXAMPLE)])
    assert shown["final"] == final_out
    assert {k: v for k, v in shown["recall"].items() if k != "warnings"} == {
        k: v for k, v in recall_out.items() if k != "warnings"
    }
    assert shown["recall"]["warnings"][0] == recall_out["warnings"][0]
    assert '{"error": "panel: even panel of 2 judges (the Skating System needs an odd panel)"}' in doc


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=25,
)


def mutate(doc: dict, path: list, value):
    """``doc`` with the value at ``path`` (a list of keys/indexes, clipped to what exists) replaced."""
    doc = json.loads(json.dumps(doc))
    node = doc
    for key in path[:-1]:
        nxt = node[key] if isinstance(node, dict) and key in node else None
        if isinstance(node, list) and isinstance(key, int) and key < len(node):
            nxt = node[key]
        if not isinstance(nxt, (dict, list)):
            break
        node = nxt
    if isinstance(node, dict):
        node[path[-1] if isinstance(path[-1], str) else "dances"] = value
    elif node:
        node[min(path[-1], len(node) - 1) if isinstance(path[-1], int) else 0] = value
    return doc


PATHS = st.lists(
    st.sampled_from(["dances", "judges", "marks", "W", "T", "11", "12", "A", "recall", "couples", 0, 1, 2])
)


@settings(max_examples=300)
@given(JSON, PATHS.filter(bool), st.sampled_from(["final", "recall"]))
def test_any_malformed_document_gives_an_error_line_never_a_crash(value, path, command):
    base = FINAL_EXAMPLE if command == "final" else RECALL_EXAMPLE
    compute = final_document if command == "final" else recall_document
    for doc in (value, mutate(base, path, value)):
        out, ok = run_one(json.dumps(doc), compute)  # a crash (not FloorcraftError) propagates and fails
        assert ok or set(out) == {"error"}
        json.dumps(out, allow_nan=False)


def test_docs_explanation_rows_are_real(tmp_path):
    """Every explanation row quoted in docs/skating.md comes out of TSO N (the example it is taken from)."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "skating.md").read_text(encoding="utf-8")
    quoted = [line for line in doc.splitlines() if line.startswith("Couple ")]
    tso_n = json.loads((DATA / "tso_n_rule11.json").read_text(encoding="utf-8"))["input"]
    _, (out,) = invoke(["skating", "final", "--explain", write(tmp_path, "n.json", tso_n)])
    rows = {row for part in out["explanation"].values() for row in part}
    assert quoted and all(line in rows for line in quoted), [line for line in quoted if line not in rows]
