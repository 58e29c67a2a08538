"""The HTML results sheet opened in a real browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import pytest
from sheet_helpers import example, need_tool

from browser_flags import CHROMIUM_ARGS
from floorcraft.reports.sheets import SheetMeta, sheet_from_contract
from floorcraft.reports.sheets_render import render


@pytest.fixture
def page():
    executable = need_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.browser
def test_tso_n_sheet_in_chromium(page, tmp_path):
    data = example("final_tso_n.json")
    meta = SheetMeta(event="Open Latin", round_title="Final", couple_names={"2": "Cleo & Dan"})
    html = tmp_path / "sheet.html"
    html.write_text(render(sheet_from_contract(data, meta=meta), "html"), encoding="utf-8")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    assert page.title() == "Open Latin — Final"
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(data["expected"]["final"])
    shown = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    assert {r[1]: int(r[0]) for r in shown} == data["expected"]["final"]
    assert shown[1] == ["2", "2", "Cleo & Dan", "R11"]
    r11 = page.locator("table", has=page.locator("caption", has_text="Rule 11 for place 2"))
    assert r11.is_visible()
    assert r11.locator("td.decided").inner_text() == "15(34)"
    assert page.locator("td.rule-R11").count() >= 2  # summary and result rows marked R11
    assert page.locator(".signature").count() == len(data["judges"]) + 2
    assert all(url.startswith("file://") for url in requests)  # self-contained: nothing fetched
    shot = tmp_path / "sheet.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_print_layout_keeps_the_tables(page, tmp_path):
    html = tmp_path / "recall.html"
    html.write_text(render(sheet_from_contract(example("recall_tie.json")), "html"), encoding="utf-8")
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    assert page.locator("#results tbody tr").count() == 5
    assert "4 couples were requested" in page.locator("p.note").first.inner_text()
    page.screenshot(path=str(tmp_path / "recall-print.png"), full_page=True)
