"""The control room over HTTP (TestClient on the show app): each step as a form POST and as its JSON twin,
the error bodies, the live tally, and who is refused what."""

from __future__ import annotations

import shutil

import pytest
from show_helpers import JUDGES, build_show_site, show_app_on

from floorcraft.show import live, service

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One seeded database file per module, copied for each test (seeding plays eight demo weeks)."""
    folder = tmp_path_factory.mktemp("show")
    build_show_site(f"sqlite:///{folder / 'show.sqlite'}").app.state.voting.close()
    return folder / "show.sqlite"


@pytest.fixture
def site(template, tmp_path):
    shutil.copy(template, tmp_path / "show.sqlite")
    return show_app_on(f"sqlite:///{tmp_path / 'show.sqlite'}")


def first(site) -> str:
    return live.current(site.engine, "demo").running_order[0]


def play_the_week(site, season: str = "demo") -> None:
    """Every performance started, judged (distinct totals, highest first) and revealed."""
    state = live.current(site.engine, season)
    for n, perf in enumerate(state.running_order):
        live.start_performance(site.engine, season, perf, by="pat")
        live.open_judging(site.engine, season, perf, by="pat")
        for judge in state.panel:
            live.submit_score(site.engine, season, perf, judge, 9 - n, by=judge, key=f"{perf}{judge}")
        for _ in state.panel:
            live.reveal_next(site.engine, season, by="pat")


def test_the_control_room_page_and_its_json_twin_show_the_night(site):
    with site.client("pat") as pat:
        page = pat.get("/control", headers=HTML)
        assert page.status_code == 200 and 'id="start"' in page.text and "Semi-final" in page.text
        night = pat.get("/api/control").json()["night"]
        assert (night["week"], night["phase"], night["next_performance"]) == (9, "idle", first(site))
        assert [j["judge"] for j in night["panel"]] == list(JUDGES)


def test_each_step_as_a_form_redirects_back_and_as_json_returns_the_night(site):
    perf = first(site)
    with site.client("pat") as pat:
        answer = pat.post("/control/start", data={"performance": perf}, headers=HTML)
        assert answer.status_code == 303 and answer.headers["location"] == "/control"
        answer = pat.post("/api/control/finish", json={"performance": perf})
        assert answer.status_code == 200 and answer.json()["night"]["phase"] == "finished"
        answer = pat.post("/control/judging", data={"performance": perf}, headers={"hx-request": "true"})
        assert answer.status_code == 204 and answer.headers["hx-refresh"] == "true"
        for judge in JUDGES:
            live.submit_score(site.engine, "demo", perf, judge, 7, by=judge, key=judge)
        night = pat.get("/api/control").json()["night"]
        assert night["phase"] == "judged" and all(j["submitted"] for j in night["panel"])
        night = pat.post("/api/control/reveal").json()["night"]
        assert night["revealed"] == [{"judge": "margot", "name": "Margot Lindqvist", "score": "7"}]
        assert pat.post("/api/control/undo").json()["night"]["revealed"] == []
        steps = pat.get("/api/control/steps").json()
        assert [x["action"] for x in steps][:3] == [
            "performance.started",
            "performance.finished",
            "judging.opened",
        ]


def test_refused_steps_answer_in_the_one_error_shape(site):
    with site.client("pat") as pat:
        answer = pat.post("/api/control/finish", json={"performance": first(site)})
        assert answer.status_code == 409
        assert answer.json()["error"]["code"] == "conflict"
        assert "current performance is none" in answer.json()["error"]["message"]
        answer = pat.post("/api/control/start", json={})
        assert answer.status_code == 422 and answer.json()["error"]["message"] == "performance: required"
        answer = pat.post("/api/control/launch-fireworks", json={})
        assert answer.status_code == 404 and "unknown" in answer.json()["error"]["message"]
        answer = pat.post("/control/reveal", headers=HTML)  # a browser's form: back to the page, told why
        assert answer.status_code == 303 and answer.headers["location"] == "/control"
        page = pat.get("/control", headers=HTML).text
        assert 'id="flash"' in page and "reveal: season demo: cannot reveal a score while idle" in page
        assert 'id="flash"' not in pat.get("/control", headers=HTML).text  # shown once


def test_the_vote_opens_closes_and_its_live_tally_is_for_the_producer(site):
    voter = site.client()  # the public (no lifespan of its own: the producer's client runs the app)
    with site.client("pat") as pat:
        night = pat.post("/api/control/vote/open").json()["night"]
        assert night["vote"]["open"] is True
        poll = night["vote"]["poll"]
        tally = pat.get("/api/control/tally").json()
        assert tally["poll"] == poll and tally["open"] is True and tally["total"] == {}
        assert 'id="tally-table"' in pat.get("/control/tally").text
        refused = voter.get("/api/control/tally")
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_allowed"
        assert voter.get(f"/api/producer/polls/{poll}/tally").status_code == 401  # the voting API's too
        assert pat.post("/api/control/vote/close").json()["night"]["vote"] == {"poll": poll, "open": False}
        assert pat.post("/api/control/vote/close").status_code == 409


def test_save_votes_confirm_and_correct_through_the_twins(site):
    season = "demo"
    state = live.current(site.engine, season)
    with site.client("pat") as pat:
        play_the_week(site)
        live.open_vote(site.engine, season, by="pat")
        live.close_vote(site.engine, season, by="pat")
        night = pat.post("/api/control/results").json()["night"]
        computation = night["computation"]
        assert computation["kind"] == "bottom" and len(computation["bottom"]) == 2
        assert computation["explanation"]
        saved = computation["bottom"][0]
        answer = pat.post("/api/control/save-votes", json={"votes": dict.fromkeys(state.panel, saved)})
        assert answer.json()["night"]["computation"]["save"]["saved"] == saved
        night = pat.post("/api/control/confirm").json()["night"]
        assert night["confirmed"] and {o["outcome"] for o in night["result"]["outcomes"]} == {
            "saved",
            "eliminated",
        }
        perf = state.running_order[0]
        answer = pat.post(
            "/api/control/correct",
            json={"performance": perf, "judge": "theo", "score": "8", "reason": "paper says 8"},
        )
        assert answer.status_code == 200
        assert service.load(site.engine, season).score(perf, "theo").value == 8
        missing = pat.post("/api/control/correct", json={"performance": perf, "judge": "theo", "score": "7"})
        assert missing.status_code == 422 and missing.json()["error"]["message"] == "reason: required"


# -- who is refused what ---------------------------------------------------------------------------------
STEPS = ["/api/control/start", "/api/control/reveal", "/api/control/vote/open", "/api/control/confirm"]


@pytest.mark.parametrize("who", ["margot", "sue", None])
def test_judges_scrutineers_and_the_public_cannot_run_the_control_room_or_read_tallies(site, who):
    with site.client(who) as client:
        assert client.get("/api/control").status_code in (401, 403)
        assert client.get("/api/control/tally").status_code in (401, 403)
        assert client.get("/control/tally").status_code in (401, 403)
        assert client.get("/api/control/steps").status_code in (401, 403)
        for path in [*STEPS, "/api/control/correct"]:
            answer = client.post(path, json={"performance": first(site)})
            assert answer.status_code in (401, 403), path
            assert answer.json()["error"]["code"] in ("not_allowed", "not_authenticated")
    assert live.current(site.engine, "demo").version == 0  # nothing changed


def test_a_display_screen_reads_the_board_but_cannot_post_or_read_tallies(site):
    from floorcraft.web.auth import accounts

    token = accounts.issue_display_token(site.engine, name="screen", created_by="test")
    with site.client() as screen:
        assert screen.get(f"/display/{token}", headers=HTML).status_code == 303
        board = screen.get("/api/scoreboard").json()["board"]
        assert board["week"] == 9 and board["phase"] == "idle"
        assert screen.get("/api/control/tally").status_code == 403
        answer = screen.post("/api/control/start", json={"performance": first(site)})
        assert answer.status_code == 403
    assert live.current(site.engine, "demo").version == 0


def test_a_step_without_the_csrf_token_is_refused(site):
    with site.client("pat") as pat:
        del pat.headers["X-CSRF-Token"]
        answer = pat.post("/api/control/start", json={"performance": first(site)})
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "csrf_rejected"
    assert live.current(site.engine, "demo").version == 0


def test_after_the_last_week_is_confirmed_the_control_room_says_how_to_add_the_next(site):
    season = "demo"
    with site.client("pat") as pat:
        state = live.current(site.engine, season)
        play_the_week(site)
        live.open_vote(site.engine, season, by="pat")
        live.close_vote(site.engine, season, by="pat")
        live.compute_results(site.engine, season, by="pat")
        computation = pat.get("/api/control").json()["night"]["computation"]
        saved = computation["bottom"][0]
        live.record_save_votes(site.engine, season, dict.fromkeys(state.panel, saved), by="pat")
        live.confirm(site.engine, season, by="pat")
        page = pat.get("/control", headers=HTML).text
        assert 'id="no-week"' in page and "floorcraft season add-week demo" in page
        assert 'id="week-form"' not in page and 'id="undo"' not in page
