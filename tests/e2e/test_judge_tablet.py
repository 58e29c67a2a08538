"""In real Chromium: four judges score a performance from four tablets (one on a flaky network, one whose
answer is lost), each score is stored exactly once and "sent" appears only once it is stored; the
DanceSport card cannot be sent until it is exact."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pages_site import pages_site, sign_in, watch_errors

from floorcraft.scrutineer import events
from floorcraft.show import live, service
from floorcraft.web.auth import accounts
from floorcraft.web.pages import judge

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parents[1] / "data" / "dancesport" / "open_latin.toml"
TABLET = {"width": 1024, "height": 768}


def _expect():
    from playwright.sync_api import expect

    return expect


@pytest.fixture
def site(tmp_path):
    with pages_site(tmp_path / "tablet.sqlite", judge.routes()) as served:
        yield served


def _tablet(browser, site, judge_id, problems):
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    watch_errors(page, problems)
    sign_in(page, site.base_url, judge_id, then=f"/judge/{site.season.id}")
    return context, page


def _score(page, value: str) -> None:
    page.click(f'#scores .score[data-score="{value}"]')
    _expect()(page.locator("#confirm")).to_be_visible()
    page.click("#confirm-send")


def _stored(site, perf):
    return {s.judge: s.value for s in service.load(site.engine, site.season.id).scores_for(perf)}


def test_four_judges_score_from_four_tablets_through_a_flaky_network(site, browser, screenshots):
    expect = _expect()
    key = site.season.id
    state = live.begin_week(site.engine, key, 2, by="pat")
    perf = state.running_order[0]
    panel = list(state.panel)
    assert len(panel) == 4
    live.start_performance(site.engine, key, perf, by="pat")
    problems: list[str] = []
    tablets = {j: _tablet(browser, site, j, problems) for j in panel}
    try:
        for _context, page in tablets.values():
            expect(page.locator("#perf-couple")).to_contain_text(
                site.season.couple(site.season.performance(perf).couples[0]).celebrity
            )
            expect(page.locator("#scores .score").first).to_be_disabled()  # dancing: judging not open
        live.open_judging(site.engine, key, perf, by="pat")
        for _context, page in tablets.values():
            expect(page.locator("#scores .score").first).to_be_enabled()

        # 1. a normal submission, with the confirm step (and a change of mind first)
        first = tablets[panel[0]][1]
        first.click('#scores .score[data-score="6"]')
        first.click("#confirm-change")
        first.screenshot(path=screenshots / "judge-tablet.png")
        _score(first, "9")
        expect(first.locator("#send-status")).to_have_attribute("data-status", "sent")
        assert _stored(site, perf) == {panel[0]: 9}

        # 2. the hall Wi-Fi drops mid-submit: not sent, nothing stored; back online: stored once, then "sent"
        context, second = tablets[panel[1]]
        context.set_offline(True)
        _score(second, "7")
        expect(second.locator("#send-status")).to_have_attribute("data-status", "retrying")
        assert panel[1] not in _stored(site, perf)
        context.set_offline(False)
        expect(second.locator("#send-status")).to_have_attribute("data-status", "sent", timeout=15000)
        expect(second.locator("#send-status")).to_contain_text("7")
        assert _stored(site, perf)[panel[1]] == 7

        # 3. the request reaches the server but its answer is lost: the retry with the same key is answered
        #    with the stored receipt; the score is stored exactly once
        third = tablets[panel[2]][1]
        attempts: list[str] = []

        def lose_first_answer(route):
            attempts.append(route.request.headers.get("idempotency-key", ""))
            if len(attempts) == 1:
                route.fetch()  # the server stores the score ...
                route.abort("connectionreset")  # ... and the tablet never hears back
            else:
                route.continue_()

        third.route("**/scores", lose_first_answer)
        _score(third, "8")
        expect(third.locator("#send-status")).to_have_attribute("data-status", "sent", timeout=15000)
        assert len(attempts) >= 2 and len(set(attempts)) == 1  # one key, retried
        assert _stored(site, perf)[panel[2]] == 8

        # 4. the last judge: the panel is complete
        fourth = tablets[panel[3]][1]
        _score(fourth, "8")
        expect(fourth.locator("#send-status")).to_have_attribute("data-status", "sent")
        assert _stored(site, perf) == {panel[0]: 9, panel[1]: 7, panel[2]: 8, panel[3]: 8}
        assert live.current(site.engine, key).phase is live.Phase.JUDGED
        receipts = live.submissions(site.engine, key, perf)
        assert sorted(receipts) == sorted(panel)
        fourth.screenshot(path=screenshots / "judge-tablet-sent.png")
        for _context, page in tablets.values():  # a stored score cannot be sent again
            expect(page.locator("#scores .score").first).to_be_disabled()
        assert problems == []
    finally:
        for context, _page in tablets.values():
            context.close()


def test_dancesport_card_is_sent_only_when_exact(site, browser, screenshots):
    expect = _expect()
    data = tomllib.loads(DATA.read_text())
    events.create_event(site.engine, data)
    accounts.create_account(
        site.engine,
        site.app.state.site.passwords,
        username="anna",
        password="judge password",
        role="judge",
        judge_ref="A",
    )
    _event, views = events.load(site.engine, data["name"])
    rnd = views[0].round
    couples = list(views[0].couples)
    context = browser.new_context(viewport=TABLET)
    problems: list[str] = []
    try:
        page = context.new_page()
        watch_errors(page, problems)
        sign_in(page, site.base_url, "anna", then="/judge/events/1")
        expect(page.locator("#round-rule")).to_contain_text(f"exactly {rnd.recall}")
        send = page.locator("#send-card")
        for i, dance in enumerate(rnd.dances):
            chosen = couples[i % 2 : i % 2 + rnd.recall]
            for couple in chosen:
                page.click(f'.mark[data-dance="{dance}"][data-couple="{couple}"]')
            status = page.locator(f'[data-dance-status="{dance}"]')
            expect(status).to_have_attribute("data-ok", "yes")
            if i == 0:  # one X too many, then taken back
                extra = next(c for c in couples if c not in chosen)
                page.click(f'.mark[data-dance="{dance}"][data-couple="{extra}"]')
                expect(status).to_have_attribute("data-ok", "no")
                expect(send).to_be_disabled()
                page.click(f'.mark[data-dance="{dance}"][data-couple="{extra}"]')
            if i < len(rnd.dances) - 1:
                expect(send).to_be_disabled()  # other dances are not exact yet
        expect(send).to_be_enabled()
        page.screenshot(path=screenshots / "judge-tablet-dancesport.png", full_page=True)
        send.click()
        expect(page.locator("#send-status")).to_have_attribute("data-status", "sent")
        _event, views = events.load(site.engine, data["name"])
        mine = [m for m in views[0].marks if m.judge == "A"]
        for dance in rnd.dances:
            assert sum(m.value for m in mine if m.dance == dance) == rnd.recall
        assert problems == []
    finally:
        context.close()
