"""In real Chromium: a producer publishes from the control room and the big screen updates over SSE."""

import pytest

pytestmark = pytest.mark.browser

WATCH_HEADLINE = """() => {
    window.headlineChangedAt = null;
    new MutationObserver(() => { window.headlineChangedAt ??= Date.now(); })
        .observe(document.querySelector("#announcement"),
                 {childList: true, characterData: true, subtree: true});
}"""


def _expect():
    from playwright.sync_api import expect

    return expect


def _sign_in(page, live_site) -> None:
    page.goto(f"{live_site.base_url}/login")
    page.fill("input[name=username]", live_site.producer[0])
    page.fill("input[name=password]", live_site.producer[1])
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{live_site.base_url}/me")


def test_the_big_screen_shows_a_producer_announcement_within_one_second(live_site, browser, screenshots):
    expect = _expect()
    screen = browser.new_context(viewport={"width": 1920, "height": 1080})
    control = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        big = screen.new_page()
        problems = []  # console errors (e.g. a script blocked by the Content-Security-Policy)
        big.on("console", lambda m: m.type == "error" and problems.append(m.text))
        big.on("pageerror", lambda e: problems.append(str(e)))
        big.goto(live_site.display_url)
        big.wait_for_url(f"{live_site.base_url}/scoreboard")
        expect(big.locator("body")).to_have_attribute("data-live-connected", "yes")

        room = control.new_page()
        room.on("console", lambda m: m.type == "error" and problems.append(m.text))
        room.on("pageerror", lambda e: problems.append(str(e)))
        room.goto(f"{live_site.base_url}/login")
        room.screenshot(path=screenshots / "login.png")
        _sign_in(room, live_site)
        expect(room.locator("#me-role")).to_have_text("producer")
        room.screenshot(path=screenshots / "who-am-i.png")
        room.goto(f"{live_site.base_url}/control")
        message = "Couple 12: judges' scores in 10 seconds"
        room.fill("#announce-form input[name=message]", message)
        room.screenshot(path=screenshots / "control-room-shell.png")

        # The screen stamps the moment its headline changes; both pages read the same machine clock.
        big.evaluate(WATCH_HEADLINE)
        clicked = room.evaluate("Date.now()")
        room.click("#announce-form button[type=submit]", no_wait_after=True)
        # A function, not an expression string: Playwright would eval() a string, which the CSP forbids.
        big.wait_for_function("() => window.headlineChangedAt !== null", timeout=5000)
        assert big.evaluate("window.headlineChangedAt") - clicked < 1000  # click to big screen: within 1 s
        expect(big.locator("#announcement")).to_have_text(message)
        big.screenshot(path=screenshots / "scoreboard-shell.png")

        room.wait_for_url(f"{live_site.base_url}/control")
        expect(room.locator("#last-event")).to_have_text("1")
        assert problems == []
    finally:
        screen.close()
        control.close()


def test_a_screen_that_lost_its_stream_catches_up_with_last_event_id(live_site, browser):
    expect = _expect()
    context = browser.new_context()
    try:
        big = context.new_page()
        big.goto(live_site.display_url)
        expect(big.locator("body")).to_have_attribute("data-live-connected", "yes")
        live_site.broker.close_all()  # e.g. the hall Wi-Fi dropped every stream
        live_site.broker.publish("announcement", {"message": "published while the screen was away"})
        expect(big.locator("#announcement")).to_have_text("published while the screen was away", timeout=5000)
        expect(big.locator("#announcement-id")).to_have_text("1")
    finally:
        context.close()


def test_htmx_calls_carry_the_csrf_token_from_the_page(live_site, browser):
    """Later pages use hx-post without hidden fields: floorcraft.js adds X-CSRF-Token to every htmx call."""
    context = browser.new_context()
    try:
        room = context.new_page()
        _sign_in(room, live_site)
        room.goto(f"{live_site.base_url}/control")
        status = room.evaluate(
            """() => new Promise(resolve => {
                   const done = e => resolve(e.detail.ctx.response.status);
                   document.addEventListener("htmx:after:request", done);
                   htmx.ajax("POST", "/control/announce", {values: {message: "sent by htmx"}, swap: "none"});
               })"""
        )
        assert status == 204
        assert live_site.broker.latest("announcement").data["message"] == "sent by htmx"
        forged = room.evaluate(
            """() => fetch("/control/announce", {method: "POST", headers: {"Accept": "application/json"},
                                                  body: new URLSearchParams({message: "no token"})})
                     .then(r => r.json())"""
        )
        assert forged["error"]["code"] == "csrf_rejected"
    finally:
        context.close()


def test_a_screen_too_far_behind_reloads_the_state_and_carries_on(live_site, browser):
    """More events than the history holds while the screen was away: a reset, then the JSON twin."""
    expect = _expect()
    context = browser.new_context()
    try:
        big = context.new_page()
        big.goto(live_site.display_url)
        expect(big.locator("body")).to_have_attribute("data-live-connected", "yes")
        live_site.broker.close_all()
        for n in range(1, 1101):  # the history keeps 1,024
            live_site.broker.publish("announcement", {"message": f"message {n}"})
        expect(big.locator("#announcement")).to_have_text("message 1100", timeout=5000)
        expect(big.locator("#announcement-id")).to_have_text("1100")
        live_site.broker.publish("announcement", {"message": "after the reset"})
        expect(big.locator("#announcement")).to_have_text("after the reset", timeout=2000)
    finally:
        context.close()
