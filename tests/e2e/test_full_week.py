"""THE acceptance test of the live show (issue #5), in real headless Chromium: a producer runs a full week.

The demo season with eight weeks confirmed and the semi-final (four couples, four judges) waiting. From
the control room the producer opens the vote, starts, finishes and opens judging for each performance;
four judges score from four tablets; the producer reveals the scores one judge at a time; two phones vote;
the producer closes the vote, computes the results (bottom two), records the judges' save and confirms.
The big screen (its own context, signed in with a display token) shows each step within one second of
the producer's click. Screenshots of each screen go to docs/screenshots/ with FLOORCRAFT_SAVE_SCREENSHOTS=1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from show_process import serving_process

from floorcraft.show import live, service
from floorcraft.show.live_demo import seed_live_demo
from floorcraft.store.db import open_store
from floorcraft.web.auth import accounts
from floorcraft.web.auth.passwords import fast_passwords

pytestmark = pytest.mark.browser

PASSWORD = "a long demo password"
SCREEN = {"width": 1280, "height": 800}
TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
#: Each judge's score for the 1st..4th performance: distinct totals, so the judges' ranks are clear.
SCORES = ("9", "8", "7", "6")
#: Two phones' votes for the couples of the 1st..4th performance (totals 6, 5, 4, 3: distinct ranks).
PHONE_VOTES = ({0: 6, 1: 4}, {1: 1, 2: 4, 3: 3})
WITHIN = 1000  # ms: a step reaches the big screen within one second


@dataclass
class Show:
    base_url: str
    engine: object
    display_url: str


@pytest.fixture
def show(tmp_path):
    """The demo season, accounts and a display token made here; the server in its own process (the
    big screen's one second is the server's, not shared with this process's Playwright client)."""
    url = f"sqlite:///{tmp_path / 'show.sqlite'}"
    engine = open_store(url)
    season = seed_live_demo(engine, weeks_played=8)
    passwords = fast_passwords()
    accounts.create_account(engine, passwords, username="pat", password=PASSWORD, role="producer")
    for judge in season.judges:
        accounts.create_account(
            engine, passwords, username=judge.id, password=PASSWORD, role="judge", judge_ref=judge.id
        )
    token = accounts.issue_display_token(engine, name="big screen", created_by="setup")
    with serving_process(url, "e2e-secret-e2e-secret-e2e") as base_url:
        yield Show(base_url, engine, f"{base_url}/display/{token}")
    engine.dispose()


def _expect():
    from playwright.sync_api import expect

    return expect


def _watch(page, problems: list) -> None:
    page.on("console", lambda m: m.type == "error" and "net::" not in m.text and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))


def _page(browser, viewport, problems, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    _watch(page, problems)
    return context, page


def _sign_in(page, base_url: str, username: str, then: str) -> None:
    page.goto(f"{base_url}/login?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base_url}{then}")


def _step(room, selector: str, phase: str | None = None) -> None:
    """Click a control-room button without waiting for the page to come back (the clock for the big screen
    starts at the click); then wait until the control room shows the step's outcome."""
    room.click(selector, no_wait_after=True)
    if phase is not None:
        _expect()(room.locator("#phase")).to_have_text(phase)


def test_a_producer_runs_a_full_week_and_the_big_screen_follows_within_a_second(show, browser, screenshots):
    expect = _expect()
    season = service.load(show.engine, "demo")
    state = live.current(show.engine, "demo")
    assert state.week == 9 and len(state.running_order) == 4 and len(state.panel) == 4
    order = [season.performance(p) for p in state.running_order]
    couples = [p.couples[0] for p in order]
    problems: list[str] = []
    contexts = []
    try:
        screen_ctx, big = _page(browser, SCREEN, problems)
        room_ctx, room = _page(browser, SCREEN, problems)
        contexts += [screen_ctx, room_ctx]
        big.goto(show.display_url)
        big.wait_for_url(f"{show.base_url}/scoreboard")
        expect(big.locator("body")).to_have_attribute("data-live-connected", "yes")
        expect(big.locator("#board-week")).to_have_text("Week 9 · Semi-final")
        _sign_in(room, show.base_url, "pat", "/control")
        expect(room.locator("#phase")).to_have_text("idle")

        tablets = {}
        for judge in state.panel:
            ctx, page = _page(browser, TABLET, problems)
            contexts.append(ctx)
            _sign_in(page, show.base_url, judge, "/judge/demo")
            tablets[judge] = page

        # The vote opens at the top of the show.
        _step(room, "#open-vote")
        expect(big.locator("#board-vote")).to_have_text("VOTE NOW — lines are open", timeout=WITHIN)
        expect(room.locator("#vote-status")).to_have_text("open")

        for n, perf in enumerate(order):
            title = " & ".join(season.couple(c).name for c in perf.couples)
            _step(room, "#start", "performing")
            expect(big.locator("#board-couple")).to_have_text(title, timeout=WITHIN)
            expect(big.locator("#board-dance")).to_have_text(perf.dance)
            _step(room, "#finish", "finished")
            expect(big.locator("#board")).to_have_attribute("data-phase", "finished", timeout=WITHIN)
            _step(room, "#open-judging", "judging")
            expect(big.locator("#board")).to_have_attribute("data-phase", "judging", timeout=WITHIN)
            for judge, page in tablets.items():
                expect(page.locator("#performance")).to_have_attribute(
                    "data-performance", perf.id, timeout=5000
                )
                page.click(f'#scores .score[data-score="{SCORES[n]}"]', timeout=5000)
                page.click("#confirm-send")
                expect(page.locator("#send-status")).to_have_attribute("data-status", "sent")
                if n == 0 and judge == state.panel[0]:
                    page.screenshot(path=screenshots / "live-judge-tablet.png")
            expect(room.locator("#judges li.submitted")).to_have_count(4, timeout=5000)
            expect(room.locator("#phase")).to_have_text("judged")
            if n == 0:
                room.screenshot(path=screenshots / "live-control-room.png", full_page=False)
            for k in range(1, len(state.panel) + 1):
                _step(room, "#reveal")
                expect(big.locator("#board-scores li")).to_have_count(k, timeout=WITHIN)
                expect(big.locator("#board-scores li").nth(k - 1)).to_contain_text(SCORES[n])
                expect(room.locator("#revealed li")).to_have_count(k)
            expect(big.locator("#board-total")).to_have_text(f"Total {4 * int(SCORES[n])}")
            if n == 1:
                big.screenshot(path=screenshots / "live-big-screen-reveal.png")
            expect(room.locator("#phase")).to_have_text("revealed")
        # The leaderboard on the big screen counts every revealed performance, highest first.
        expect(big.locator("#board-leaders .leader-total")).to_have_text(["36", "32", "28", "24"])

        # Phones vote while the lines are open.
        for votes in PHONE_VOTES:
            ctx, phone = _page(browser, PHONE, problems, is_mobile=True, has_touch=True)
            contexts.append(ctx)
            phone.goto(f"{show.base_url}/vote")
            expect(phone.locator("#vote-message")).to_have_attribute("data-open", "yes")
            for index, count in votes.items():
                for _ in range(count):
                    phone.click(f'[data-more="{couples[index]}"]')
            phone.click("#cast")
            expect(phone.locator("#send-status")).to_have_attribute("data-status", "sent")
            expect(phone.locator("#receipt")).to_be_visible()
        phone.screenshot(path=screenshots / "live-voter-phone.png")

        _step(room, "#close-vote")
        expect(big.locator("#board-vote")).to_have_text("Lines are closed", timeout=WITHIN)
        expect(room.locator("#vote-status")).to_have_text("closed")

        # Results: rank points from the judges and the vote; the two lowest face the judges' save.
        _step(room, "#compute")
        expect(room.locator("#standings tr.bottom")).to_have_count(2)
        expect(room.locator("#explanation li").first).to_be_visible()
        bottom = [couples[2], couples[3]]
        for judge in state.panel:
            room.select_option(f'#save-form select[name="save.{judge}"]', couples[2])
        room.click("#save-form button[type=submit]")
        expect(room.locator("#confirm")).to_be_visible()
        room.locator("#standings").scroll_into_view_if_needed()
        room.screenshot(path=screenshots / "live-control-results.png")
        _step(room, "#confirm")
        saved, gone = (season.couple(c).name for c in bottom)
        expect(big.locator("#board-result")).to_contain_text(f"{gone} leaves the competition", timeout=WITHIN)
        expect(big.locator("#board-result")).to_contain_text(f"{saved} saved by the judges")
        expect(room.locator("#decision")).to_contain_text("eliminated")
        big.screenshot(path=screenshots / "live-big-screen-result.png")

        decision = service.load(show.engine, "demo").decision(9)
        assert decision is not None and decision.eliminated == (couples[3],)
        assert service.load(show.engine, "demo").votes_in(9) == dict(zip(couples, (6, 5, 4, 3), strict=True))

        results_ctx, results = _page(browser, SCREEN, problems)
        contexts.append(results_ctx)
        results.goto(f"{show.base_url}/results/demo/weeks/9")
        expect(results.locator("#explanation li").first).to_be_visible()
        results.screenshot(path=screenshots / "live-results.png")
        assert problems == []
    except AssertionError as exc:  # what the producer saw, for a failure seen only on a loaded machine
        seen = _text_of(locals().get("room"))
        failed = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        # The failing step again at the end: CI's log keeps the head and the tail of a long failure.
        raise AssertionError(f"{exc}\n--- the control room showed ---\n{seen}\n--- failed: {failed}") from exc
    finally:
        for ctx in contexts:
            ctx.close()


def _text_of(page) -> str:
    try:
        return f"{page.url}\n{page.locator('main').inner_text(timeout=2000)}"
    except Exception as exc:  # the page may be gone or mid-navigation
        return f"(unavailable: {exc})"


def test_a_producer_step_is_answered_by_one_page_load_and_no_reload_races_the_next_click(show, browser):
    """The step's own live event reaches the page that sent it. Reloading on it cancelled the answer to
    the form or, landing after the answer, swallowed the next click (CI saw a reveal and a compute lost)."""
    expect = _expect()
    context, room = _page(browser, SCREEN, [])
    try:
        _sign_in(room, show.base_url, "pat", "/control")
        expect(room.locator("#phase")).to_have_text("idle")
        loads, aborted = [], []
        control = f"{show.base_url}/control"
        room.on("request", lambda r: r.is_navigation_request() and r.method == "GET" and loads.append(r.url))
        room.on("requestfailed", lambda r: r.is_navigation_request() and aborted.append(r.url))
        _step(room, "#open-vote")
        expect(room.locator("#vote-status")).to_have_text("open")
        _step(room, "#start", "performing")
        _step(room, "#finish", "finished")
        _step(room, "#open-judging", "judging")
        # Time for a stray reload to show: with the bug it came within 0.2 s of the answer.
        room.wait_for_timeout(500)
        assert aborted == []
        assert loads == [control] * 4
    finally:
        context.close()
