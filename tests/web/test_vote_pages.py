"""The voter's phone page and its JSON twin: the limit and the remaining count, votes cast through the
voting service with an idempotency key, clear refusals (closed window, reached limit), the receipt
checkable at /api/receipts/{r}; a voter never reads tallies."""

from __future__ import annotations

import pytest
from web_helpers import build_site, csrf_of, sign_in

from floorcraft.model.totals import couples_in
from floorcraft.show import live
from floorcraft.show.live_demo import seed_live_demo
from floorcraft.voting.service import Secrets, VotingService
from floorcraft.web import voting_api
from floorcraft.web.auth import accounts
from floorcraft.web.pages import vote

HTML = {"accept": "text/html"}


@pytest.fixture
def show(tmp_path):
    """Demo week 2 being played with its (DWTS: 10 re-assignable web votes) poll open."""
    site = build_site(f"sqlite:///{tmp_path / 'vote.sqlite'}", routes=vote.routes())
    service = VotingService(site.engine, Secrets.random(), rate_limits=None)
    site.app.router.routes.extend(voting_api.routes(service))
    site.app.state.voting = service
    season = seed_live_demo(site.engine, weeks_played=1)
    site.app.state.live_season = season.id
    live.begin_week(site.engine, season.id, 2, by="pat")
    yield site, season, service
    service.ledger.close()


def phone(site):
    client = site.client(ip="10.9.9.9")
    client.get("/vote", headers=HTML)  # the page gives this phone its voter id
    return client, {"x-csrf-token": csrf_of(client)}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "where"}
    return body["error"]


def test_before_the_vote_opens_the_phone_says_so_and_refuses(show):
    site, _season, _service = show
    client, headers = phone(site)
    state = client.get("/api/vote").json()
    assert state["open"] is False and state["message"] == "The vote has not opened yet."
    refused = client.post("/api/vote", json={"votes": {"AB": 1}, "key": "k"}, headers=headers)
    assert refused.status_code == 403 and "not opened" in error_of(refused)["message"]


def test_phone_shows_the_choices_and_the_limit(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, _headers = phone(site)
    state = client.get("/api/vote").json()
    assert state["open"] is True
    assert [c["id"] for c in state["choices"]] == list(couples_in(season, 2))
    assert state["limit"] == {
        "cap": 10,
        "scope": "per_method",
        "reassignable": True,
        "used": 0,
        "remaining": 10,
    }
    page = client.get("/vote", headers=HTML)
    assert page.status_code == 200 and 'id="remaining">10<' in page.text
    assert "tally" not in page.text.lower()


def test_cast_split_votes_get_a_checkable_receipt_and_a_retry_is_the_same_vote(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, headers = phone(site)
    couples = list(couples_in(season, 2))
    body = {"votes": {couples[0]: 6, couples[1]: 4}, "key": "phone-1"}
    cast = client.post("/api/vote", json=body, headers=headers)
    assert cast.status_code == 201, cast.text
    receipt = cast.json()["receipt"]
    assert cast.json()["votes"] == 10 and cast.json()["state"]["mine"] == body["votes"]
    assert cast.json()["state"]["limit"]["remaining"] == 10  # re-assignable: the allocation is replaced
    again = client.post("/api/vote", json=body, headers=headers)
    assert (
        again.status_code == 200 and again.json()["replayed"] is True and again.json()["receipt"] == receipt
    )
    checked = client.get(cast.json()["check"])
    assert checked.status_code == 200 and checked.json()["receipt"] == receipt
    tally = live.tally(site.engine, season.id)["total"]
    assert tally == {couples[0]: 6, couples[1]: 4}


def test_over_the_limit_is_refused_with_a_clear_message(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, headers = phone(site)
    couple = couples_in(season, 2)[0]
    refused = client.post("/api/vote", json={"votes": {couple: 11}, "key": "too-many"}, headers=headers)
    assert refused.status_code == 429
    assert error_of(refused)["message"].startswith("You have reached your vote limit")
    assert live.tally(site.engine, season.id)["total"] == {}


def test_closed_window_is_refused_with_a_clear_message(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, headers = phone(site)
    live.close_vote(site.engine, season.id, by="pat")
    state = client.get("/api/vote").json()
    assert state["open"] is False and state["message"].startswith("The vote is closed")
    couple = couples_in(season, 2)[0]
    refused = client.post("/api/vote", json={"votes": {couple: 1}, "key": "late"}, headers=headers)
    assert refused.status_code == 403 and error_of(refused)["message"].startswith("The vote is closed")


def test_two_phones_are_two_voters(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    couple = couples_in(season, 2)[0]
    for n in (1, 2):
        client, headers = phone(site)
        assert (
            client.post(
                "/api/vote", json={"votes": {couple: 10}, "key": f"p{n}"}, headers=headers
            ).status_code
            == 201
        )
    assert live.tally(site.engine, season.id)["total"] == {couple: 20}


@pytest.mark.parametrize(
    "body", [{"votes": {}, "key": "k"}, {"votes": {"AB": 1}}, {"votes": {"ZZ": 1}, "key": "k"}]
)
def test_bad_submissions_are_422(show, body):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, headers = phone(site)
    assert client.post("/api/vote", json=body, headers=headers).status_code == 422


def test_cast_without_csrf_token_is_refused(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client, _headers = phone(site)
    couple = couples_in(season, 2)[0]
    assert client.post("/api/vote", json={"votes": {couple: 1}, "key": "k"}).status_code == 403
    assert live.tally(site.engine, season.id)["total"] == {}


@pytest.mark.parametrize("who", ["pat", "ana"])
def test_signed_in_staff_do_not_vote(show, who):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    client = site.client()
    sign_in(client, who)
    couple = couples_in(season, 2)[0]
    refused = client.post(
        "/api/vote", json={"votes": {couple: 1}, "key": "k"}, headers={"x-csrf-token": csrf_of(client)}
    )
    assert refused.status_code == 403


def test_a_voter_cannot_read_tallies(show):
    site, season, _service = show
    state = live.open_vote(site.engine, season.id, by="pat")
    client, headers = phone(site)
    couple = couples_in(season, 2)[0]
    client.post("/api/vote", json={"votes": {couple: 3}, "key": "k"}, headers=headers)
    assert client.get(f"/api/producer/polls/{state.poll}/tally").status_code == 401
    hidden = client.get(f"/api/polls/{state.poll}/results")
    assert hidden.status_code == 403 and hidden.json()["error"]["code"] == "results_hidden"
    assert not {"tally", "total", "totals"} & set(client.get("/api/vote").json())


def test_a_display_screen_cannot_vote(show):
    site, season, _service = show
    live.open_vote(site.engine, season.id, by="pat")
    token = accounts.issue_display_token(site.engine, name="screen", created_by="setup")
    client = site.client()
    client.get(f"/display/{token}")
    couple = couples_in(season, 2)[0]
    refused = client.post(
        "/api/vote", json={"votes": {couple: 1}, "key": "k"}, headers={"x-csrf-token": csrf_of(client)}
    )
    assert refused.status_code == 403
    assert live.tally(site.engine, season.id)["total"] == {}
