"""`floorcraft demo --terminal`: the full demo season runs from the CLI on SQLite and on PostgreSQL with
identical results (compared through the JSON export), and a second run replaces the season instead of
duplicating it."""

import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from floorcraft.cli import app
from floorcraft.model.decision import Outcome
from floorcraft.show.demo import demo_data, run_demo
from floorcraft.show.export import season_to_json
from floorcraft.store.db import open_store, transaction
from floorcraft.store.season_tables import SeasonAuditRow, SeasonRow, SeasonScoreRow


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The demo season played directly through the service on a separate SQLite file."""
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.sqlite'}")
    season = run_demo(engine)
    engine.dispose()
    return season


def export(db: str) -> dict:
    result = CliRunner().invoke(app, ["season", "export", "demo", "--format", "json", "--db", db])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def counts(db: str) -> tuple[int, ...]:
    engine = open_store(db)
    with transaction(engine) as session:
        found = tuple(
            session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (SeasonRow, SeasonScoreRow, SeasonAuditRow)
        )
    engine.dispose()
    return found


def test_the_demo_season_runs_from_the_cli_with_identical_results(database_url, reference):
    result = CliRunner().invoke(app, ["demo", "--terminal", "--db", database_url])
    assert result.exit_code == 0, result.stderr
    assert "Champions:" in result.stdout and "season table" in result.stdout
    assert export(database_url) == season_to_json(reference)
    if database_url.startswith("sqlite"):
        before = counts(database_url)
        assert CliRunner().invoke(app, ["demo", "--terminal", "--db", database_url]).exit_code == 0
        assert counts(database_url) == before
        assert export(database_url) == season_to_json(reference)


def test_the_demo_season_has_what_the_issue_asks_for(reference):
    s = reference
    plan = demo_data()["demo"]["weeks"]
    assert len(s.couples) >= 12 and len(s.periods) == len(plan) == 10
    decisions = {d.period: d for d in s.decisions}
    assert any(d.rolled_over for d in s.decisions)  # a rollover week
    assert any(len(d.eliminated) == 2 for d in s.decisions)  # a double elimination
    assert any(p.immune for p in s.periods)  # an immunity week
    assert any(d.couples(Outcome.SAVED) for d in s.decisions)  # a judges' save
    assert any(d.withdrawn for d in s.decisions)  # a withdrawal
    assert decisions[10].winner is not None  # a final
    assert any(sc.history for sc in s.scores)  # a corrected score
    panels = {len(p.panel) for p in s.periods}
    assert {3, 4, 5} <= panels  # an absent judge and a guest judge
