"""The public results pages and their JSON twins: confirmed weeks only, every judge and dance, the decision
with its explanation; nothing unconfirmed and no vote counts; read-only for everyone."""

from __future__ import annotations

import pytest
from markupsafe import escape
from pages_seed import seed_demo
from web_helpers import build_site, sign_in

from floorcraft.model.scores import format_points
from floorcraft.show import service
from floorcraft.show.tables import leaderboard
from floorcraft.web.pages import results

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Demo weeks 1-2 confirmed, week 3 scored and voted on but not confirmed."""
    site = build_site(f"sqlite:///{tmp_path_factory.mktemp('results') / 's.sqlite'}", routes=results.routes())
    key = seed_demo(site.engine, weeks=3, confirm_last=False)
    return site, key, service.load(site.engine, key)


def test_index_lists_seasons_and_which_weeks_are_confirmed(seeded):
    site, key, season = seeded
    body = site.client().get("/api/results").json()
    [listed] = body["seasons"]
    assert listed["season"] == key
    assert [(w["week"], w["confirmed"]) for w in listed["weeks"]] == [(1, True), (2, True), (3, False)]
    page = site.client().get("/results", headers=HTML)
    assert page.status_code == 200 and season.title in page.text


@pytest.mark.parametrize("week", [1, 2])
def test_confirmed_week_has_every_judge_every_dance_bonus_total_and_decision(seeded, week):
    site, key, season = seeded
    body = site.client().get(f"/api/results/{key}/weeks/{week}").json()
    assert body["confirmed"] is True
    assert [j["id"] for j in body["judges"]] == list(season.period(week).panel)
    expected = leaderboard(season, week)
    assert [r["couple"] for r in body["rows"]] == [line.couple for line in expected]
    for row, line in zip(body["rows"], expected, strict=True):
        assert row["judges_total"]["text"] == format_points(line.judges_total)
        assert row["bonus"]["text"] == format_points(line.bonus)
        for dance, dl in zip(row["dances"], line.dances, strict=True):
            assert dance["dance"] == dl.dance
            assert {j: s["text"] for j, s in dance["scores"].items()} == {
                j: format_points(v) for j, v in dl.scores
            }
    decision = season.decision(week)
    assert body["decision"]["explanation"] == list(decision.explanation) and decision.explanation
    assert [(o["couple"], o["outcome"]) for o in body["decision"]["outcomes"]] == [
        (o.couple, o.outcome.value) for o in decision.outcomes
    ]


def test_week_page_renders_the_same_marks_and_explanation(seeded):
    site, key, season = seeded
    page = site.client().get(f"/results/{key}/weeks/2", headers=HTML)
    assert page.status_code == 200
    for judge in season.period(2).panel:
        assert season.judge(judge).name in page.text
    for line in leaderboard(season, 2):
        assert f'data-couple="{line.couple}"' in page.text
    for text in season.decision(2).explanation:
        assert str(escape(text)) in page.text


def test_unconfirmed_week_publishes_no_numbers(seeded):
    site, key, season = seeded
    assert season.scores_for(season.performances_in(3)[0].id), "week 3 is scored"
    body = site.client().get(f"/api/results/{key}/weeks/3").json()
    assert body == {
        "season": key,
        "season_title": season.title,
        "week": 3,
        "title": season.period(3).title,
        "confirmed": False,
    }
    page = site.client().get(f"/results/{key}/weeks/3", headers=HTML).text
    assert 'id="not-confirmed"' in page and 'id="marks"' not in page


def test_season_table_shows_confirmed_weeks_only_and_no_votes(seeded):
    site, key, season = seeded
    body = site.client().get(f"/api/results/{key}").json()
    assert body["table"]["weeks"] == [1, 2]
    assert {r["couple"] for r in body["table"]["rows"]} == {c.id for c in season.couples}
    assert all(len(r["cells"]) == 2 for r in body["table"]["rows"])
    text = site.client().get(f"/results/{key}", headers=HTML).text
    assert 'id="season-table"' in text
    votes = {str(v.votes) for v in season.votes if v.votes > 100}
    week_json = site.client().get(f"/api/results/{key}/weeks/1").text
    assert votes and not any(f": {v}," in week_json or f":{v}," in week_json for v in votes)


@pytest.mark.parametrize(
    "path", ["/api/results/nope", "/api/results/demo/weeks/99", "/api/results/demo/weeks/x", "/results/nope"]
)
def test_unknown_season_or_week_is_404_in_the_one_error_shape(seeded, path):
    site, _key, _season = seeded
    response = site.client().get(path)
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"code", "message", "where"}


@pytest.mark.parametrize("who", [None, "pat", "ana"])
def test_results_are_read_only_for_everyone(seeded, who):
    site, key, _season = seeded
    client = site.client()
    if who:
        sign_in(client, who)
    response = client.post(f"/api/results/{key}/weeks/1", json={})
    assert response.status_code == 405
    assert client.get(f"/api/results/{key}/weeks/1").status_code == 200
