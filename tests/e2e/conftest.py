"""The browser harness: the site served by uvicorn on a free loopback port, and Debian's chromium.

- ``live_site``: a fresh SQLite store with a producer account (``pat``) and a display token, served by
  uvicorn in a thread (``floorcraft.web.server.serving``).
- ``browser``: Playwright driving ``/usr/bin/chromium`` (Debian's package; ``.ci/run`` installs it). Missing
  chromium skips the browser tests on a developer machine and fails them under CI (``CI`` set).
- ``screenshots``: where to save pictures: ``docs/screenshots/`` when ``FLOORCRAFT_SAVE_SCREENSHOTS=1``,
  else the test's temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_flags import CHROMIUM, CHROMIUM_ARGS
from floorcraft.web.auth import accounts
from floorcraft.web.auth.passwords import fast_passwords
from floorcraft.web.server import serving
from floorcraft.web.site import create_site

PRODUCER = ("pat", "producer password")
REPO = Path(__file__).resolve().parents[2]


@dataclass
class LiveSite:
    base_url: str
    app: object
    display_url: str
    producer: tuple[str, str] = PRODUCER

    @property
    def broker(self):
        return self.app.state.site.broker


@pytest.fixture
def live_site(tmp_path):
    passwords = fast_passwords()
    app = create_site(
        f"sqlite:///{tmp_path / 'e2e.sqlite'}", secret="e2e-secret-e2e-secret-e2e", passwords=passwords
    )
    engine = app.state.site.engine
    accounts.create_account(engine, passwords, username=PRODUCER[0], password=PRODUCER[1], role="producer")
    token = accounts.issue_display_token(engine, name="big screen", created_by="setup")
    with serving(app) as base_url:
        yield LiveSite(base_url, app, f"{base_url}/display/{token}")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module. Not per session: Playwright's sync API keeps an event loop running
    in this thread while it is open, which would break other modules' ``asyncio.run`` on the same worker."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed: {exc}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    if os.environ.get("FLOORCRAFT_SAVE_SCREENSHOTS") == "1":
        folder = REPO / "docs" / "screenshots"
    else:
        folder = tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
