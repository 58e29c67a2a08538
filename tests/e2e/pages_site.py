"""Serving the judge, voter and results pages for the browser tests (their own site, not H1's show app):
the demo season with week 1 confirmed and week 2 waiting, one judge account per demo judge."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from floorcraft.show.live_demo import seed_live_demo
from floorcraft.voting.service import Secrets, VotingService
from floorcraft.web import voting_api
from floorcraft.web.auth import accounts
from floorcraft.web.auth.passwords import fast_passwords
from floorcraft.web.server import serving
from floorcraft.web.site import create_site

PASSWORD = "judge password"


@dataclass
class PagesSite:
    base_url: str
    app: object
    season: object

    @property
    def engine(self):
        return self.app.state.site.engine


@contextlib.contextmanager
def pages_site(db_path, routes, *, voting: bool = False):
    """Serve ``routes`` on the seeded demo; ``voting=True`` adds the voting service and F's API."""
    passwords = fast_passwords()
    app = create_site(
        f"sqlite:///{db_path}",
        secret="e2e-secret-e2e-secret-e2e",
        passwords=passwords,
        routes=routes,
    )
    engine = app.state.site.engine
    season = seed_live_demo(engine, weeks_played=1)
    app.state.live_season = season.id
    for judge in season.judges:
        accounts.create_account(
            engine, passwords, username=judge.id, password=PASSWORD, role="judge", judge_ref=judge.id
        )
    service = None
    if voting:
        service = VotingService(engine, Secrets.random(), rate_limits=None)
        app.router.routes.extend(voting_api.routes(service))
        app.state.voting = service
    try:
        with serving(app) as base_url:
            yield PagesSite(base_url, app, season)
    finally:
        if service is not None:
            service.ledger.close()


def sign_in(page, base_url: str, username: str, password: str = PASSWORD, *, then: str) -> None:
    page.goto(f"{base_url}/login?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base_url}{then}")


def watch_errors(page, problems: list) -> None:
    """Collect console errors (e.g. a script blocked by the Content-Security-Policy) and page errors."""
    page.on("console", lambda m: m.type == "error" and "net::" not in m.text and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
