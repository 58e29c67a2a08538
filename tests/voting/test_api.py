"""The voting HTTP API (Starlette app in-process): statuses, the one error shape, webhooks, producer-only."""

import time

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from voting_helpers import PRODUCER, SECRETS, make_poll

from floorcraft.voting import polls, tally
from floorcraft.voting.abuse import RateLimits
from floorcraft.voting.service import VotingService
from floorcraft.voting.webhooks import sign
from floorcraft.web.voting_schemas import Id, check_ids


def vote(client, key, voter="ann@example.org", votes=None, poll="w1"):
    body = {"idempotency_key": key, "voter": voter, "votes": votes or {"c1": 1}}
    return client.post(f"/api/polls/{poll}/votes", json=body)


def signed(client, path, payload, secret, *, timestamp=None, tamper=False):
    body = msgspec.json.encode(payload)
    header = sign(secret, body, timestamp)
    if tamper:
        body = body[:-1] + b" }"  # same JSON, other bytes
    return client.post(path, content=body, headers={"Floorcraft-Signature": header})


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    err = response.json()["error"]
    assert err["code"] == code and err["message"] and set(err) == {"code", "message", "where"}


def test_vote_retry_and_conflict(client, service):
    make_poll(service.engine)
    first = vote(client, "k1", votes={"c1": 4})
    assert first.status_code == 201 and not first.json()["replayed"]
    again = vote(client, "k1", votes={"c1": 4})
    assert again.status_code == 200 and again.json()["receipt"] == first.json()["receipt"]
    assert_error(vote(client, "k1", votes={"c1": 5}), 409, "idempotency_key_reused")
    assert_error(vote(client, "k2", votes={"c1": 11}), 429, "cap_exceeded")


def test_the_key_may_come_in_the_idempotency_key_header(client, service):
    make_poll(service.engine)
    body = {"voter": "ann@example.org", "votes": {"c2": 2}}
    first = client.post("/api/polls/w1/votes", json=body, headers={"Idempotency-Key": "h1"})
    again = client.post("/api/polls/w1/votes", json={**body, "idempotency_key": "h1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["receipt"] == again.json()["receipt"]
    clash = client.post(
        "/api/polls/w1/votes", json={**body, "idempotency_key": "x"}, headers={"Idempotency-Key": "y"}
    )
    assert_error(clash, 422, "invalid_input")
    assert_error(client.post("/api/polls/w1/votes", json=body), 422, "invalid_input")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"idempotency_key": "k", "voter": "v"}',
        b'{"voter": "v", "votes": {"c1": 1}}',
        b'{"idempotency_key": "k", "voter": "v", "votes": {"c1": 0}}',
        b'{"idempotency_key": "k", "voter": "v", "votes": {"c1": "1"}}',
        b'{"idempotency_key": "", "voter": "v", "votes": {"c1": 1}}',
        b'{"idempotency_key": "k", "voter": "v", "votes": {}}',
        b'{"idempotency_key": "k", "voter": "v", "votes": {"c1": 1}, "extra": 1}',
        b'{"idempotency_key": "k", "voter": "v", "votes": {"zz": 1}}',
    ],
)
def test_malformed_bodies_get_422_and_store_nothing(client, service, body):
    make_poll(service.engine)
    r = client.post("/api/polls/w1/votes", content=body)
    assert r.status_code == 422 and r.json()["error"]["code"] in (
        "invalid_json",
        "invalid_body",
        "invalid_input",
    )
    assert client.get("/api/producer/polls/w1/tally", headers=PRODUCER).json()["total"] == {}


def test_window_and_channel_states(client, service):
    make_poll(service.engine, open_=False)
    assert_error(vote(client, "k0"), 403, "window_closed")
    assert client.post("/api/producer/polls/w1/open", headers=PRODUCER).status_code == 200
    assert vote(client, "k1").status_code == 201
    client.post("/api/producer/polls/w1/channels/web/pause", headers=PRODUCER)
    assert_error(vote(client, "k2"), 403, "channel_paused")
    r = client.post(
        "/api/producer/polls/w1/voids",
        headers=PRODUCER,
        json={"kind": "channel", "target": "web", "reason": "overload"},
    )
    assert r.status_code == 201
    assert client.get("/api/polls/w1").json()["channels"]["web"]["voided"]
    client.post("/api/producer/polls/w1/channels/web/restore", headers=PRODUCER)
    assert vote(client, "k3").status_code == 201
    client.post("/api/producer/polls/w1/close", headers=PRODUCER)
    assert_error(vote(client, "k4"), 403, "window_closed")
    assert_error(vote(client, "k1", poll="nope"), 404, "not_found")


def test_results_are_hidden_until_certified_and_producer_endpoints_need_the_token(client, service):
    make_poll(service.engine)
    receipt = vote(client, "k1", votes={"c2": 7}).json()["receipt"]
    assert_error(client.get("/api/polls/w1/results"), 403, "results_hidden")
    assert_error(client.get("/api/producer/polls/w1/tally"), 401, "unauthorized")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(client.get("/api/producer/polls/w1/tally", headers=wrong), 401, "unauthorized")
    assert client.get("/api/producer/polls/w1/tally", headers=PRODUCER).json()["total"] == {"c2": 7}
    assert_error(client.post("/api/producer/polls/w1/certify", headers=PRODUCER), 409, "conflict")
    client.post("/api/producer/polls/w1/close", headers=PRODUCER)
    cert = client.post("/api/producer/polls/w1/certify", headers=PRODUCER).json()
    assert client.get("/api/polls/w1/results").json()["root"] == cert["root"]
    checked = client.get(f"/api/receipts/{receipt}").json()
    assert checked["counted"] and checked["certified"]["verified"]
    assert client.get("/api/producer/polls/w1/recount", headers=PRODUCER).json()["matches"]
    assert_error(client.get("/api/receipts/" + "0" * 64), 404, "not_found")


def test_sms_batch_webhook_signature_replay_and_caps(client, service):
    make_poll(service.engine)
    msgs = [{"id": f"m{i}", "sender": "+1 555 0100", "couple": "c1"} for i in range(12)]
    msgs.append({"id": "bad", "sender": "+15550199", "couple": "zz"})
    payload = {"batch_id": "b1", "messages": msgs}
    path = "/api/webhooks/sms/w1"
    first = signed(client, path, payload, SECRETS.sms)
    assert first.status_code == 200, first.text
    assert (first.json()["accepted"], first.json()["rejected"]) == (10, 3)
    codes = [r.get("code") for r in first.json()["results"]]
    assert codes[10:] == ["cap_exceeded", "cap_exceeded", "invalid_choice"]
    replay = signed(client, path, payload, SECRETS.sms)
    assert replay.json()["replayed"] == 10
    assert [r.get("receipt") for r in replay.json()["results"]] == [
        r.get("receipt") for r in first.json()["results"]
    ]
    assert_error(signed(client, path, payload, b"wrong" * 8), 401, "bad_signature")
    assert_error(signed(client, path, payload, SECRETS.sms, tamper=True), 401, "bad_signature")
    stale = int(time.time()) - 3600
    assert_error(signed(client, path, payload, SECRETS.sms, timestamp=stale), 401, "bad_signature")
    assert_error(client.post(path, json=payload), 401, "bad_signature")
    tally = client.get("/api/producer/polls/w1/tally", headers=PRODUCER).json()
    assert tally["by_channel"] == {"sms": {"c1": 10}}


def test_a_paused_sms_channel_refuses_every_message_of_a_batch_and_stores_nothing(client, service):
    make_poll(service.engine)
    polls.set_paused(service.engine, "w1", "sms", True, actor="t", reason="gateway check")
    msgs = [{"id": f"m{i}", "sender": f"+1555010{i}", "couple": "c1"} for i in range(3)]
    msgs.append({"id": "bad", "sender": "+15550199", "couple": "zz"})
    answer = signed(client, "/api/webhooks/sms/w1", {"batch_id": "b1", "messages": msgs}, SECRETS.sms)
    assert answer.status_code == 200, answer.text
    assert [(r["id"], r["status"], r.get("code")) for r in answer.json()["results"]] == [
        ("m0", "rejected", "channel_paused"),
        ("m1", "rejected", "channel_paused"),
        ("m2", "rejected", "channel_paused"),
        ("bad", "rejected", "invalid_choice"),
    ]
    assert tally.recount(service.engine, "w1")["total"] == {}


def test_an_sms_batch_with_a_malformed_couple_id_is_refused_whole_and_names_the_first_such_message(
    client, service
):
    """A couple id outside the documented pattern is a broken aggregator, not a vote for nobody: the batch
    is a 422 naming the first message with that id, and nothing is stored."""
    make_poll(service.engine)
    couples = ["c1", "c2", "c 1", "c1", "c 1"]
    msgs = [{"id": f"m{i}", "sender": f"+1555010{i}", "couple": c} for i, c in enumerate(couples)]
    answer = signed(client, "/api/webhooks/sms/w1", {"batch_id": "b1", "messages": msgs}, SECRETS.sms)
    assert_error(answer, 422, "invalid_body")
    assert answer.json()["error"]["where"] == "`$.messages[2].couple`"  # as for any invalid body
    assert tally.recount(service.engine, "w1")["total"] == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab1_.:- \n\té", max_size=4), min_size=1, max_size=6))
def test_the_batch_couple_check_refuses_exactly_what_the_strict_decoder_refuses(values):
    """``check_ids`` (once per distinct value) stands in for the decoder's ``Id`` pattern on SMS batches:
    same verdict, same message, for any column of strings within the length limits."""
    values = [v for v in values if v] or ["a"]
    try:
        msgspec.json.decode(msgspec.json.encode({"messages": values}), type=_StrictColumn)
        strict = None
    except msgspec.ValidationError as exc:
        strict = str(exc)
    try:
        check_ids(values, "$.messages[{}]")
        ours = None
    except msgspec.ValidationError as exc:
        ours = str(exc)
    assert ours == strict


class _StrictColumn(msgspec.Struct):
    messages: list[Id]


def test_an_sms_batch_the_ledger_cannot_store_is_a_503_and_is_retried(client, service, monkeypatch):
    """An aggregator retries on 5xx: a batch that failed to commit must not look answered."""
    make_poll(service.engine)
    backend_class = type(service.ledger.backend)
    real = backend_class.add_tallies

    def broken(self, conn, rows):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(backend_class, "add_tallies", broken)
    payload = {"batch_id": "b1", "messages": [{"id": "m1", "sender": "+15550101", "couple": "c1"}]}
    failed = signed(client, "/api/webhooks/sms/w1", payload, SECRETS.sms)
    assert_error(failed, 503, "unavailable")
    assert tally.recount(service.engine, "w1")["total"] == {}
    monkeypatch.setattr(backend_class, "add_tallies", real)
    retried = signed(client, "/api/webhooks/sms/w1", payload, SECRETS.sms)
    assert retried.status_code == 200 and retried.json()["accepted"] == 1


def test_donations_buy_votes_at_the_configured_price(client, service):
    make_poll(service.engine, "gala", preset="charity", price_cents=500)
    path = "/api/webhooks/donations/gala"
    event = {"id": "evt_1", "payer": "card_abc", "couple": "c3", "amount_cents": 2_750}
    r = signed(client, path, event, SECRETS.donations)
    assert r.status_code == 200 and r.json()["votes"] == 5
    assert signed(client, path, event, SECRETS.donations).json()["status"] == "replayed"
    small = {**event, "id": "evt_2", "amount_cents": 300}
    assert signed(client, path, small, SECRETS.donations).json() == {
        "id": "evt_2",
        "status": "no_vote",
        "votes": 0,
        "receipt": None,
    }
    assert_error(signed(client, path, event, SECRETS.donations, tamper=True), 401, "bad_signature")
    assert client.get("/api/producer/polls/gala/tally", headers=PRODUCER).json()["total"] == {"c3": 5}


def test_rate_limit_and_challenge_hook(store):
    from starlette.testclient import TestClient

    from floorcraft.voting import polls
    from floorcraft.voting.model import Channel, ChannelRules
    from floorcraft.web.app import create_app

    polls.create_poll(
        store,
        poll_id="w1",
        title="t",
        choices=[("c1", "A")],
        channels=(ChannelRules(channel=Channel.WEB, cap=100, challenge=True),),
        actor="t",
    )
    polls.open_poll(store, "w1", actor="t")
    service = VotingService(
        store,
        SECRETS,
        rate_limits=RateLimits(per_ip=None, per_voter=(0.001, 3)),
        challenge=lambda token, ip: token == "human",
    )
    with TestClient(create_app(service=service)) as client:
        body = {"idempotency_key": "k0", "voter": "v", "votes": {"c1": 1}}
        assert_error(client.post("/api/polls/w1/votes", json=body), 403, "challenge_failed")
        for i in range(2):
            body = {"idempotency_key": f"k{i}", "voter": "v", "votes": {"c1": 1}, "challenge": "human"}
            assert client.post("/api/polls/w1/votes", json=body).status_code == 201
        body["idempotency_key"] = "k9"
        assert_error(client.post("/api/polls/w1/votes", json=body), 429, "rate_limited")


def test_producer_creates_a_poll_over_http(client):
    body = {
        "id": "final",
        "title": "Final",
        "choices": [{"id": "c1", "name": "A"}],
        "preset": "strictly-final",
    }
    r = client.post("/api/producer/polls", json=body, headers=PRODUCER)
    assert r.status_code == 201 and r.json()["channels"]["web"]["cap"] == 1
    assert_error(client.post("/api/producer/polls", json=body, headers=PRODUCER), 409, "conflict")
    audit = client.get("/api/producer/polls/final/audit", headers=PRODUCER).json()
    assert [a["action"] for a in audit] == ["voting.poll.created"]
    assert client.get("/api/producer/polls/final/anomalies", headers=PRODUCER).json() == []


def test_a_webhook_without_a_configured_secret_accepts_nothing(store):
    from starlette.testclient import TestClient

    from floorcraft.voting.service import Secrets
    from floorcraft.web.app import create_app

    make_poll(store)
    service = VotingService(store, Secrets(voter=b"v" * 32), rate_limits=None)
    with TestClient(create_app(service=service)) as client:
        payload = {"batch_id": "b", "messages": [{"id": "m", "sender": "+1", "couple": "c1"}]}
        assert_error(signed(client, "/api/webhooks/sms/w1", payload, b""), 401, "bad_signature")
    service.ledger.close()
