"""Fixtures of the voting tests: a service on a fresh database (both backends) and an HTTP client."""

from __future__ import annotations

import pytest
from voting_helpers import SECRETS

from floorcraft.voting.service import VotingService


@pytest.fixture
def service(store):
    svc = VotingService(store, SECRETS, rate_limits=None)
    yield svc
    svc.ledger.close()


@pytest.fixture
def client(service):
    from starlette.testclient import TestClient

    from floorcraft.web.app import create_app

    with TestClient(create_app(service=service), raise_server_exceptions=True) as c:
        yield c
