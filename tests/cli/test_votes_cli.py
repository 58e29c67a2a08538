"""`floorcraft votes ...`: a poll's night from the command line, and bad input as one line with exit 2."""

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from floorcraft.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "voting"))
from voting_helpers import SECRETS, sub

runner = CliRunner()
ENV = {"FLOORCRAFT_VOTER_SECRET": SECRETS.voter.decode()}


def votes(*args, db):
    return runner.invoke(app, ["votes", *args, "--db", db], env=ENV)


def test_a_night_from_create_to_recount(tmp_path):
    db = str(tmp_path / "v.sqlite")
    r = votes(
        "create", "w3", "--title", "Week 3", "--preset", "dwts", "--choice", "c1=A", "--choice", "c2=B", db=db
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["channels"]["sms"]["cap"] == 10
    assert votes("open", "w3", db=db).exit_code == 0

    from floorcraft.store.db import open_store
    from floorcraft.voting.backends import backend_for
    from floorcraft.voting.ledger import Ledger

    ledger = Ledger(backend_for(open_store(db)))
    (out,) = ledger.submit_sync([sub("w3", "k1", "+15550001", {"c2": 4})])
    ledger.close()
    assert json.loads(votes("tally", "w3", db=db).output)["total"] == {"c2": 4}
    r = votes(
        "void",
        "w3",
        "--kind",
        "voter",
        "--target",
        "+1 555 0001",
        "--voter-channel",
        "sms",
        "--reason",
        "x",
        db=db,
    )
    assert r.exit_code == 0, r.output
    assert json.loads(votes("tally", "w3", db=db).output)["total"] == {}
    assert votes("lift", "w3", "1", db=db).exit_code == 0
    assert votes("close", "w3", db=db).exit_code == 0
    cert = json.loads(votes("certify", "w3", db=db).output)
    assert cert["tally"]["total"] == {"c2": 4}
    assert json.loads(votes("recount", "w3", db=db).output)["matches"]
    checked = json.loads(votes("verify", out.receipt, db=db).output)
    assert checked["certified"]["verified"]
    actions = [a["action"] for a in json.loads(votes("audit", "w3", db=db).output)]
    assert actions[-3:] == ["voting.void.lifted", "voting.poll.closed", "voting.tally.certified"]


def test_bad_input_is_one_line_on_stderr_with_exit_2(tmp_path):
    db = str(tmp_path / "v.sqlite")
    r = votes("create", "w3", "--title", "t", "--preset", "idol", "--choice", "c1=A", db=db)
    assert r.exit_code == 2 and "preset 'idol': unknown" in r.stderr
    r = votes("create", "w3", "--title", "t", "--preset", "strictly", "--choice", "c1", db=db)
    assert r.exit_code == 2 and "--choice 'c1': write id=name" in r.stderr
    assert votes("close", "nope", db=db).exit_code == 2
    r = votes("channel", "nope", "sms", "explode", db=db)
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    r = votes("serve", "--server", "nginx", db=db)
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: --server 'nginx': use granian, granian-asgi or uvicorn"
