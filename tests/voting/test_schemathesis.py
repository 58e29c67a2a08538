"""Schemathesis over /openapi.json: no 5xx from any generated request, and nothing malformed is stored."""

import json

import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select
from voting_helpers import PRODUCER, make_poll

from floorcraft.store import voting_tables as t
from floorcraft.voting import journal
from floorcraft.web.app import create_app


def assert_ledger_is_clean(engine) -> None:
    with engine.connect() as conn:
        choices = {(r.poll_id, r.couple_id) for r in conn.execute(select(t.choices))}
        polls = [r.id for r in conn.execute(select(t.polls))]
        for row in (v for poll_id in polls for v in journal.poll_votes(conn, poll_id)):
            allocation = json.loads(row.allocation)
            assert allocation and all((row.poll_id, c) in choices for c in allocation)
            assert all(isinstance(n, int) and n >= 1 for n in allocation.values())
            assert row.total == sum(allocation.values())
            assert len(row.voter_hash) == 64 and len(row.receipt) == 64
        for row in conn.execute(select(t.polls)):
            assert 1 <= len(row.id) <= 64 and row.title


def fuzz(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def call(case):
        response = case.call(headers=PRODUCER)
        assert response.status_code < 500, (operation.label, response.text)
        assert response.headers["content-type"][0].startswith("application/json")
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "where"}

    call()


def test_no_server_errors_and_no_stored_garbage(service):
    make_poll(service.engine)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(service=service))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 17
    for operation in operations:
        fuzz(operation)
        assert_ledger_is_clean(service.engine)
