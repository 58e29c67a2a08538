"""The JSON Lines plumbing shared by every machine-contract command."""

import json
from fractions import Fraction

from floorcraft.cli.contract import run_contract
from floorcraft.errors import InvalidInput


def _double(data):
    if not isinstance(data, dict) or "x" not in data:
        raise InvalidInput("missing 'x'")
    return {"y": Fraction(data["x"]) * 2, "half": Fraction(data["x"], 2)}


def test_one_line_per_input_in_order_and_exit_code(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text('{"x": 3}')
    bad = tmp_path / "bad.json"
    bad.write_text('{"z": 1}')
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    code = run_contract([str(good), str(bad), str(broken), str(tmp_path / "missing.json")], _double)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 2
    assert lines[0] == {"y": 6, "half": 1.5}
    assert isinstance(lines[0]["y"], int)
    assert lines[1] == {"error": "missing 'x'"}
    assert "not valid JSON" in lines[2]["error"]
    assert "cannot read" in lines[3]["error"] and "missing.json" in lines[3]["error"]


def test_all_valid_exits_zero(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text('{"x": 1}')
    assert run_contract([str(f), str(f)], _double) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_nan_is_not_json(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text('{"x": NaN}')
    assert run_contract([str(f)], _double) == 2
    assert "error" in json.loads(capsys.readouterr().out)
