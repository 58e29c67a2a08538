"""``votes serve --server granian`` answers as the ASGI server does: the real servers (Granian RSGI and
Granian ASGI, one ledger writer each on one SQLite database) in subprocesses, compared request by request.
The hot endpoints are answered natively; everything else goes through the RSGI→ASGI shim."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import msgspec
import pytest
from voting_helpers import refusal_cases

from floorcraft.voting import loadgen
from floorcraft.voting.webhooks import sign
from floorcraft.web.voting_rsgi import VotingRSGI, _address

PRODUCER = {"Authorization": f"Bearer {loadgen.PRODUCER_TOKEN}"}
SMS_SECRET = loadgen.SMS_SECRET.encode()


@contextlib.contextmanager
def _serve(db_url: str, server: str, log_path):
    """``floorcraft votes serve --server <server>`` (``loadgen.server``), output to ``log_path``; yields
    ``(client, proc)``."""
    with (
        loadgen.server(db_url, http_server=server, log_path=log_path) as (port, proc),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client,
    ):
        yield client, proc


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """(rsgi, asgi): HTTP clients of the two servers on one database with an open poll ``bench``."""
    tmp = tmp_path_factory.mktemp("rsgi")
    url = f"sqlite:///{tmp / 'votes.sqlite'}"
    loadgen.prepare_poll(url, "bench")
    with (
        _serve(url, "granian", tmp / "rsgi.log") as (rsgi, _),
        _serve(url, "granian-asgi", tmp / "asgi.log") as (asgi, _),
    ):
        yield rsgi, asgi


def _vote(key: str, voter: str = "ann@example.org", couple: str = "c1") -> dict:
    return {"idempotency_key": key, "voter": voter, "votes": {couple: 1}}


def test_a_vote_is_accepted_and_replayed_as_on_the_asgi_server(servers):
    rsgi, asgi = servers
    first = rsgi.post("/api/polls/bench/votes", json=_vote("r1"))
    retry = rsgi.post("/api/polls/bench/votes", json=_vote("r1"))
    there = asgi.post("/api/polls/bench/votes", json=_vote("r1"))
    assert (first.status_code, retry.status_code, there.status_code) == (201, 200, 200)
    assert first.headers["content-type"] == "application/json"
    assert retry.content == there.content  # the same replay, byte for byte, from either server
    assert retry.json() == {**first.json(), "replayed": True}
    # a vote cast on the ASGI server has the same shape and is a replay on the RSGI server
    other = asgi.post("/api/polls/bench/votes", json=_vote("a1", voter="bob@example.org"))
    back = rsgi.post("/api/polls/bench/votes", json=_vote("a1", voter="bob@example.org"))
    assert (other.status_code, back.status_code) == (201, 200)
    assert back.json() == {**other.json(), "replayed": True}
    assert other.json().keys() == first.json().keys()


def test_the_idempotency_key_header_is_read(servers):
    rsgi, asgi = servers
    body = {"voter": "cy@example.org", "votes": {"c2": 1}}
    first = rsgi.post("/api/polls/bench/votes", json=body, headers={"Idempotency-Key": "h1"})
    again = asgi.post("/api/polls/bench/votes", json=body, headers={"Idempotency-Key": "h1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["receipt"] == first.json()["receipt"]


@pytest.mark.parametrize(
    ("path", "content", "headers"),
    [
        *refusal_cases("bench", SMS_SECRET),
        ("/api/polls/a/b/votes", b"{}", {}),  # not a hot path: the shim, then Starlette's 404
    ],
)
def test_refusals_are_the_same_bytes(servers, path, content, headers):
    rsgi, asgi = servers
    a = rsgi.post(path, content=content, headers={"content-type": "application/json", **headers})
    b = asgi.post(path, content=content, headers={"content-type": "application/json", **headers})
    assert (a.status_code, a.content, a.headers["content-type"]) == (
        b.status_code,
        b.content,
        b.headers["content-type"],
    )
    assert a.status_code >= 400


def test_an_sms_batch_with_a_valid_and_an_invalid_signature(servers):
    rsgi, asgi = servers
    messages = [
        {"id": "m1", "sender": "+15550001", "couple": "c1"},
        {"id": "m2", "sender": "+15550002", "couple": "zz"},
    ]
    body = msgspec.json.encode({"batch_id": "b1", "messages": messages})
    signed = {"Floorcraft-Signature": sign(SMS_SECRET, body), "content-type": "application/json"}
    first = rsgi.post("/api/webhooks/sms/bench", content=body, headers=signed)
    again = asgi.post("/api/webhooks/sms/bench", content=body, headers=signed)
    assert (first.status_code, again.status_code) == (200, 200)
    one, two = first.json(), again.json()
    assert (one["accepted"], one["rejected"], two["replayed"], two["rejected"]) == (1, 1, 1, 1)
    assert one["results"][0]["receipt"] == two["results"][0]["receipt"]
    forged = {**signed, "Floorcraft-Signature": sign(b"not the secret", body)}
    a = rsgi.post("/api/webhooks/sms/bench", content=body, headers=forged)
    b = asgi.post("/api/webhooks/sms/bench", content=body, headers=forged)
    assert a.status_code == b.status_code == 401
    assert a.content == b.content


def test_openapi_and_producer_endpoints_go_through_the_shim(servers):
    rsgi, asgi = servers
    a, b = rsgi.get("/openapi.json"), asgi.get("/openapi.json")
    assert a.status_code == 200 and a.content == b.content
    assert a.headers["content-type"] == b.headers["content-type"]
    assert int(a.headers["content-length"]) == len(a.content)  # one content-length, Granian's
    tally = rsgi.get("/api/producer/polls/bench/tally", headers=PRODUCER)
    assert (
        tally.status_code == 200
        and tally.json() == asgi.get("/api/producer/polls/bench/tally", headers=PRODUCER).json()
    )
    refused = rsgi.get("/api/producer/polls/bench/tally")
    assert refused.status_code == 401
    assert refused.content == asgi.get("/api/producer/polls/bench/tally").content
    # a request body and an actor header through the shim
    choices = [{"id": "c1", "name": "A"}]
    poll = {"id": "final", "title": "Final", "choices": choices, "preset": "strictly-final"}
    created = rsgi.post("/api/producer/polls", json=poll, headers={**PRODUCER, "X-Actor": "shim-test"})
    assert created.status_code == 201 and created.json()["channels"]["web"]["cap"] == 1
    assert asgi.post("/api/producer/polls", json=poll, headers=PRODUCER).status_code == 409
    audit = asgi.get("/api/producer/polls/final/audit", headers=PRODUCER).json()
    assert [(x["action"], x["actor"]) for x in audit] == [("voting.poll.created", "shim-test")]
    # a query string and a percent-encoded path survive the shim as in ASGI
    for path in ("/api/polls/bench?x=1", "/api/polls/no%20such"):
        a, b = rsgi.get(path), asgi.get(path)
        assert (a.status_code, a.content) == (b.status_code, b.content)


def test_the_rsgi_server_stops_cleanly(tmp_path):
    """SIGTERM: Granian calls ``__rsgi_del__``, the Starlette lifespan shuts the service down; no
    traceback, exit code 0."""
    url = f"sqlite:///{tmp_path / 'votes.sqlite'}"
    loadgen.prepare_poll(url, "bench")
    with _serve(url, "granian", tmp_path / "serve.log") as (client, proc):
        assert client.post("/api/polls/bench/votes", json=_vote("s1")).status_code == 201
    assert proc.returncode == 0
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("127.0.0.1:5000", ("127.0.0.1", 5000)), ("[::1]:80", ("::1", 80)), ("::1:80", ("::1", 80)), ("", None)],
)
def test_rsgi_addresses_become_asgi_tuples(text, expected):
    assert _address(text) == expected


def test_the_asgi_lifespan_runs_in_the_rsgi_hooks():
    """Granian calls ``__rsgi_init__(loop)`` before serving and ``__rsgi_del__(loop)`` after, on a loop that
    is not running: the app's startup completes in the first, its shutdown in the second."""
    seen = []

    async def app(scope, receive, send):
        assert scope["type"] == "lifespan"
        scope["state"]["ready"] = True
        while True:
            message = await receive()
            seen.append(message["type"])
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return

    rsgi, loop = VotingRSGI(app, service=None), asyncio.new_event_loop()
    try:
        rsgi.__rsgi_init__(loop)
        assert seen == ["lifespan.startup"] and rsgi.state == {"ready": True}
        rsgi.__rsgi_del__(loop)
        assert seen == ["lifespan.startup", "lifespan.shutdown"]
    finally:
        loop.close()
