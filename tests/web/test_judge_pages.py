"""The TV judge's tablet and its JSON twin: only judges see it; a judge submits only their own score, only
while judging is open for that performance, once (idempotent on the key); the one error shape on refusals."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from pages_seed import add_judges, open_judging
from web_helpers import PASSWORD, build_site, csrf_of, sign_in

from floorcraft.model.dancesport import Card
from floorcraft.scrutineer import events
from floorcraft.show import live, service
from floorcraft.show.live_demo import seed_live_demo
from floorcraft.web.auth import accounts
from floorcraft.web.pages import judge, judge_dancesport

HTML = {"accept": "text/html"}


@pytest.fixture
def night(tmp_path):
    """Demo week 1 confirmed, week 2 added: a judge account per demo judge; no live step yet."""
    site = build_site(f"sqlite:///{tmp_path / 'judge.sqlite'}", routes=judge.routes())
    season = seed_live_demo(site.engine, weeks_played=1)
    add_judges(site, season)
    return site, season


def judge_client(site, username: str):
    client = site.client()
    assert sign_in(client, username).status_code == 200
    return client, {"x-csrf-token": csrf_of(client)}


def test_tablet_shows_the_performance_and_the_seasons_scale(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, _ = judge_client(site, "rafael")
    state = client.get(f"/api/judge/{season.id}").json()
    performance = season.performance(perf)
    assert state["performance"]["id"] == perf
    assert state["performance"]["couples"] == [season.couple(c).name for c in performance.couples]
    assert state["judging_open"] is True and state["on_panel"] is True and state["my_score"] is None
    assert state["scores"] == [str(n) for n in range(1, 11)]
    page = client.get(f"/judge/{season.id}", headers=HTML)
    assert page.status_code == 200
    assert season.couple(performance.couples[0]).name.replace("&", "&amp;") in page.text
    assert page.text.count('class="score"') == 10


@pytest.mark.parametrize(("step", "count"), [("1", 10), ("1/2", 19)])
def test_the_tablets_buttons_follow_the_seasons_score_step(night, step, count):
    _site, season = night
    values = judge.scale_values(replace(season, settings={**season.settings, "score_step": step}))
    assert len(values) == count and values[0] == "1" and values[-1] == "10"
    assert ("1.5" in values) is (step == "1/2")


def test_judge_submits_own_score_once_and_a_retry_gets_the_same_receipt(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, headers = judge_client(site, "priya")
    body = {"performance": perf, "judge": "priya", "score": "8", "key": "k-1"}
    first = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["receipt"] == first.json()["receipt"]
    stored = service.load(site.engine, season.id)
    assert [(s.judge, s.value) for s in stored.scores_for(perf)] == [("priya", 8)]
    assert client.get(f"/api/judge/{season.id}").json()["my_score"] == "8"
    other = client.post(
        f"/api/judge/{season.id}/scores", json={**body, "score": "9", "key": "k-2"}, headers=headers
    )
    assert other.status_code == 409


def test_key_may_come_in_the_idempotency_key_header(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, headers = judge_client(site, "theo")
    body = {"performance": perf, "judge": "theo", "score": 7}
    ok = client.post(f"/api/judge/{season.id}/scores", json=body, headers={**headers, "idempotency-key": "h"})
    assert ok.status_code == 201 and ok.json()["key"] == "h"
    missing = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert missing.status_code == 422


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "where"}
    return body["error"]


def test_a_judge_scoring_for_another_judge_gets_403_and_nothing_is_stored(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, headers = judge_client(site, "rafael")
    body = {"performance": perf, "judge": "margot", "score": "10", "key": "forged"}
    refused = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert refused.status_code == 403
    error = error_of(refused)
    assert error["code"] == "not_allowed" and "'margot'" in error["message"]
    assert error["where"] == f"POST /api/judge/{season.id}/scores"
    assert service.load(site.engine, season.id).scores_for(perf) == ()


def test_no_score_while_judging_is_closed(night):
    site, season = night
    state = live.begin_week(site.engine, season.id, 2, by="pat")
    perf = state.running_order[0]
    live.start_performance(site.engine, season.id, perf, by="pat")  # dancing: judging not open yet
    client, headers = judge_client(site, "margot")
    body = {"performance": perf, "judge": "margot", "score": "9", "key": "early"}
    early = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert early.status_code == 409 and error_of(early)["code"] == "conflict"
    assert client.get(f"/api/judge/{season.id}").json()["judging_open"] is False
    other = state.running_order[1]
    live.open_judging(site.engine, season.id, perf, by="pat")
    wrong_perf = client.post(
        f"/api/judge/{season.id}/scores", json={**body, "performance": other, "key": "x"}, headers=headers
    )
    assert wrong_perf.status_code == 409
    assert service.load(site.engine, season.id).scores_for(perf) == ()


@pytest.mark.parametrize("score", ["11", "0", "7.5", "seven", None])
def test_scores_off_the_seasons_scale_are_refused(night, score):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, headers = judge_client(site, "margot")
    body = {"performance": perf, "judge": "margot", "score": score, "key": f"bad-{score}"}
    response = client.post(f"/api/judge/{season.id}/scores", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert service.load(site.engine, season.id).scores_for(perf) == ()


@pytest.mark.parametrize("who", [None, "pat", "sue"])
def test_only_judges_open_the_tablet_or_submit(night, who):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client = site.client()
    if who:
        sign_in(client, who)
    assert client.get(f"/api/judge/{season.id}").status_code == 403
    body = {"performance": perf, "judge": "margot", "score": "9", "key": "k"}
    refused = client.post(
        f"/api/judge/{season.id}/scores", json=body, headers={"x-csrf-token": csrf_of(client)}
    )
    assert refused.status_code == 403 and error_of(refused)["code"] == "not_allowed"
    assert service.load(site.engine, season.id).scores_for(perf) == ()


def test_display_token_cannot_submit(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    token = accounts.issue_display_token(site.engine, name="screen", created_by="setup")
    client = site.client()
    assert client.get(f"/display/{token}").status_code == 303
    body = {"performance": perf, "judge": "margot", "score": "9", "key": "k"}
    refused = client.post(
        f"/api/judge/{season.id}/scores", json=body, headers={"x-csrf-token": csrf_of(client)}
    )
    assert refused.status_code == 403


def test_submission_without_csrf_token_is_refused(night):
    site, season = night
    perf = open_judging(site.engine, season.id, 2)
    client, _ = judge_client(site, "margot")
    body = {"performance": perf, "judge": "margot", "score": "9", "key": "k"}
    assert client.post(f"/api/judge/{season.id}/scores", json=body).status_code == 403
    assert service.load(site.engine, season.id).scores_for(perf) == ()


def test_choose_page_lists_seasons_and_redirects_to_the_live_season(night):
    site, season = night
    client, _ = judge_client(site, "margot")
    assert client.get("/api/judge").json()["seasons"][0]["season"] == season.id
    assert client.get("/judge", headers=HTML).status_code == 200
    site.app.state.live_season = season.id
    assert client.get("/judge", headers=HTML).headers["location"] == f"/judge/{season.id}"


# -- DanceSport card ---------------------------------------------------------------------------------------
DS_EVENT = Path(__file__).resolve().parents[1] / "data" / "dancesport" / "open_latin.toml"


@pytest.fixture
def event_site(tmp_path):
    """The example event (8 couples, a heat recalling 6, a final); judge accounts anna (A) and bruno (B)."""
    site = build_site(f"sqlite:///{tmp_path / 'ds.sqlite'}", routes=judge.routes())
    data = tomllib.loads(DS_EVENT.read_text())
    events.create_event(site.engine, data)
    for username, letter in (("anna", "A"), ("bruno", "B")):
        accounts.create_account(
            site.engine,
            site.app.state.site.passwords,
            username=username,
            password=PASSWORD,
            role="judge",
            judge_ref=letter,
        )
    return site, data["name"]


def _heat_card(event_site_, crossed: int) -> dict:
    site, name = event_site_
    _event, views = events.load(site.engine, name)
    couples = list(views[0].couples)
    return {d: {c: int(i < crossed) for i, c in enumerate(couples)} for d in views[0].round.dances}


def test_dancesport_twin_shows_the_round_and_a_heat_card_needs_exactly_the_recall(event_site):
    site, name = event_site
    client, headers = judge_client(site, "anna")
    state = client.get("/api/judge/events/1").json()
    assert state["round"]["recall"] == 6 and state["round"]["final"] is False and state["open"] is True
    assert state["judge"]["letter"] == "A" and len(state["couples"]) == 8
    for crossed in (5, 7):
        body = {"round": 1, "judge": "A", "marks": _heat_card(event_site, crossed)}
        refused = client.post("/api/judge/events/1/marks", json=body, headers=headers)
        assert refused.status_code == 422
        assert f"exactly 6 recall marks are asked for (got {crossed})" in error_of(refused)["message"]
    assert events.load(site.engine, name)[1][0].marks == ()
    body = {"round": 1, "judge": "A", "marks": _heat_card(event_site, 6)}
    stored = client.post("/api/judge/events/1/marks", json=body, headers=headers)
    assert stored.status_code == 201, stored.text
    marks = [m for m in events.load(site.engine, name)[1][0].marks if m.judge == "A"]
    assert sum(m.value for m in marks) == 6 * len(body["marks"])
    page = client.get("/judge/events/1", headers=HTML)
    assert page.status_code == 200 and 'data-tablet="dancesport"' in page.text


def test_dancesport_judge_cannot_send_another_judges_card(event_site):
    site, name = event_site
    client, headers = judge_client(site, "anna")
    body = {"round": 1, "judge": "B", "marks": _heat_card(event_site, 6)}
    refused = client.post("/api/judge/events/1/marks", json=body, headers=headers)
    assert refused.status_code == 403 and "'B'" in error_of(refused)["message"]
    assert events.load(site.engine, name)[1][0].marks == ()


def test_dancesport_final_card_must_be_a_permutation(event_site):
    site, name = event_site
    event, views = events.load(site.engine, name)
    heat = views[0]
    cards = [
        Card(d, j.letter, {c: int(i < heat.round.recall) for i, c in enumerate(heat.couples)})
        for d in heat.round.dances
        for j in event.judges
    ]
    events.enter_marks(site.engine, name, cards, round_no=1, by="sue")
    events.compute_round(site.engine, name, round_no=1, take="fewer")
    state = judge_dancesport.card_state(site.engine, name, "A")
    assert state["round"]["final"] is True
    finalists = [c["number"] for c in state["couples"]]
    client, headers = judge_client(site, "anna")
    good = {c: i + 1 for i, c in enumerate(finalists)}
    twice = {**good, finalists[-1]: 1}
    body = {"round": 2, "judge": "A", "marks": {d: good for d in state["round"]["dances"]}}
    body["marks"][state["round"]["dances"][0]] = twice
    refused = client.post("/api/judge/events/1/marks", json=body, headers=headers)
    assert refused.status_code == 422 and "each once" in error_of(refused)["message"]
    body["marks"][state["round"]["dances"][0]] = good
    assert client.post("/api/judge/events/1/marks", json=body, headers=headers).status_code == 201
    wrong_round = client.post("/api/judge/events/1/marks", json={**body, "round": 1}, headers=headers)
    assert wrong_round.status_code == 409
