"""In real Chromium on a phone-sized screen: a voter splits the allowed votes (the remaining count follows
live), sends them, sees the receipt (which the API confirms), and gets a clear message once the vote is
closed; the public results of a confirmed week read on the same phone and on a laptop."""

from __future__ import annotations

import pytest
from pages_site import pages_site, watch_errors

from floorcraft.model.totals import couples_in
from floorcraft.show import live
from floorcraft.show.tables import leaderboard
from floorcraft.web.pages import results, vote

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(tmp_path):
    with pages_site(tmp_path / "phone.sqlite", [*vote.routes(), *results.routes()], voting=True) as served:
        live.begin_week(served.engine, served.season.id, 2, by="pat")
        yield served


def test_a_voter_splits_votes_sees_the_receipt_and_the_closed_message(site, browser, screenshots):
    from playwright.sync_api import expect

    key = site.season.id
    couples = list(couples_in(site.season, 2))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    problems: list[str] = []
    try:
        page = context.new_page()
        watch_errors(page, problems)
        page.goto(f"{site.base_url}/vote")
        expect(page.locator("#vote-message")).to_have_text("The vote has not opened yet.")
        live.open_vote(site.engine, key, by="pat")
        expect(page.locator("#vote-message")).to_have_attribute("data-open", "yes", timeout=10000)
        expect(page.locator("#remaining")).to_have_text("10")
        cast = page.locator("#cast")
        expect(cast).to_be_disabled()
        for _ in range(6):
            page.click(f'[data-more="{couples[0]}"]')
        expect(page.locator("#remaining")).to_have_text("4")
        for _ in range(4):
            page.click(f'[data-more="{couples[1]}"]')
        expect(page.locator("#remaining")).to_have_text("0")
        for couple in couples:  # the limit is reached: no more votes anywhere
            expect(page.locator(f'[data-more="{couple}"]')).to_be_disabled()
        page.click(f'[data-less="{couples[1]}"]')
        expect(page.locator("#remaining")).to_have_text("1")
        page.click(f'[data-more="{couples[1]}"]')
        page.screenshot(path=screenshots / "voter-phone.png", full_page=True)
        cast.click()
        expect(page.locator("#send-status")).to_have_attribute("data-status", "sent")
        expect(page.locator("#receipt")).to_be_visible()
        receipt = page.locator("#receipt-code").inner_text()
        checked = page.request.get(f"{site.base_url}/api/receipts/{receipt}")
        assert checked.ok and checked.json()["receipt"] == receipt
        assert live.tally(site.engine, key)["total"] == {couples[0]: 6, couples[1]: 4}
        page.screenshot(path=screenshots / "voter-phone-receipt.png", full_page=True)

        live.close_vote(site.engine, key, by="pat")
        expect(page.locator("#vote-message")).to_have_attribute("data-open", "no", timeout=10000)
        expect(page.locator("#vote-message")).to_contain_text("The vote is closed")
        expect(cast).to_be_disabled()
        assert problems == []
    finally:
        context.close()


def test_public_results_of_a_confirmed_week(site, browser, screenshots):
    from playwright.sync_api import expect

    key = site.season.id
    decision = site.season.decision(1)
    for name, viewport in (("results-week", {"width": 1280, "height": 900}), ("results-week-phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        problems: list[str] = []
        try:
            page = context.new_page()
            watch_errors(page, problems)
            page.goto(f"{site.base_url}/results/{key}/weeks/1")
            expect(page.locator("#marks tbody tr")).to_have_count(
                sum(max(1, len(r.dances)) for r in leaderboard(site.season, 1))
            )
            expect(page.locator("#explanation li")).to_have_count(len(decision.explanation))
            page.screenshot(path=screenshots / f"{name}.png", full_page=True)
            page.goto(f"{site.base_url}/results/{key}/weeks/2")
            expect(page.locator("#not-confirmed")).to_be_visible()
            assert problems == []
        finally:
            context.close()
