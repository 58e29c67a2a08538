"""The raw-ASGI fast path answers exactly as the Starlette routes it stands in front of: the same statuses
and error bodies, and one ledger behind both (a vote sent through one is a replay through the other)."""

import msgspec
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from voting_helpers import SECRETS, make_poll, refusal_cases

from floorcraft.voting.webhooks import sign
from floorcraft.web import voting_api
from floorcraft.web.app import create_app
from floorcraft.web.voting_fast import _poll_in

VOTE = {"idempotency_key": "k1", "voter": "ann@example.org", "votes": {"c1": 2}}


@pytest.fixture
def both(service):
    """(fast, plain): the app with the fast path, and the bare Starlette routes on the same service."""
    make_poll(service.engine)
    with (
        TestClient(create_app(service=service)) as fast,
        TestClient(Starlette(routes=voting_api.routes(service))) as plain,
    ):
        yield fast, plain


def test_a_vote_through_one_path_is_a_replay_through_the_other(both):
    fast, plain = both
    first = fast.post("/api/polls/w1/votes", json=VOTE)
    again = plain.post("/api/polls/w1/votes", json=VOTE)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {**again.json(), "replayed": False}
    other = plain.post("/api/polls/w1/votes", json={**VOTE, "idempotency_key": "k2"})
    replay = fast.post("/api/polls/w1/votes", json={**VOTE, "idempotency_key": "k2"})
    assert (other.status_code, replay.status_code) == (201, 200)
    assert {**replay.json(), "replayed": False} == other.json()


@pytest.mark.parametrize(("path", "content", "headers"), refusal_cases("w1", SECRETS.sms))
def test_refusals_are_the_same(both, path, content, headers):
    fast, plain = both
    a = fast.post(path, content=content, headers=headers)
    b = plain.post(path, content=content, headers=headers)
    assert (a.status_code, a.json(), a.headers["content-type"]) == (
        b.status_code,
        b.json(),
        b.headers["content-type"],
    )
    assert a.status_code >= 400


def test_an_sms_batch_is_answered_the_same(both):
    fast, plain = both
    payload = {"batch_id": "b1", "messages": [{"id": "m1", "sender": "+15550001", "couple": "c1"}]}
    body = msgspec.json.encode(
        {**payload, "messages": [*payload["messages"], {"id": "m2", "sender": "+1", "couple": "zz"}]}
    )
    header = {"Floorcraft-Signature": sign(SECRETS.sms, body)}
    first = fast.post("/api/webhooks/sms/w1", content=body, headers=header).json()
    again = plain.post("/api/webhooks/sms/w1", content=body, headers=header).json()
    assert (first["accepted"], first["rejected"], again["replayed"], again["rejected"]) == (1, 1, 1, 1)
    assert first["results"][0]["receipt"] == again["results"][0]["receipt"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/polls/w1/votes", ("vote", "w1")),
        ("/api/webhooks/sms/w1", ("sms", "w1")),
        ("/api/polls//votes", ("", None)),
        ("/api/polls/a/b/votes", ("", None)),
        ("/api/polls/w1", ("", None)),
        ("/api/webhooks/sms/", ("", None)),
        ("/api/webhooks/sms/a/b", ("", None)),
    ],
)
def test_only_the_two_hot_paths_are_taken(path, expected):
    assert _poll_in(path) == expected
