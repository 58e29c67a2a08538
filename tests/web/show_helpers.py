"""Helpers of the live-show tests: the show app on the demo season with a live week, one account per role."""

from __future__ import annotations

from dataclasses import dataclass

from web_helpers import PASSWORD, SECRET, csrf_of, make_client, sign_in

from floorcraft.show.live_demo import seed_live_demo
from floorcraft.store.db import open_store
from floorcraft.web.auth import accounts
from floorcraft.web.auth.passwords import fast_passwords
from floorcraft.web.show_app import create_show_app

JUDGES = ("margot", "rafael", "priya", "theo")
#: username -> (role, judge_ref)
PEOPLE = {"pat": ("producer", None), "sue": ("scrutineer", None)} | {j: ("judge", j) for j in JUDGES}


@dataclass
class ShowSite:
    app: object
    display_token: str

    @property
    def engine(self):
        return self.app.state.site.engine

    @property
    def broker(self):
        return self.app.state.site.broker

    def client(self, username: str | None = None, ip: str = "10.0.0.1"):
        """A TestClient signed in as ``username`` (None: the public) with its CSRF header set."""
        client = make_client(self.app, ip=ip)
        if username is not None:
            assert sign_in(client, username).status_code in (200, 303)
        client.headers["X-CSRF-Token"] = csrf_of(client)
        return client


def show_app_on(database_url: str, display_token: str = "") -> ShowSite:
    """The show app on an already seeded store."""
    app = create_show_app(database_url, secret=SECRET, passwords=fast_passwords(), rate_limits=None)
    return ShowSite(app, display_token)


def build_show_site(database_url: str, *, weeks_played: int = 8) -> ShowSite:
    """Seed the demo (``weeks_played`` weeks confirmed, the next waiting), accounts and a display token."""
    engine = open_store(database_url)
    seed_live_demo(engine, weeks_played=weeks_played)
    passwords = fast_passwords()
    for username, (role, judge_ref) in PEOPLE.items():
        accounts.create_account(
            engine, passwords, username=username, password=PASSWORD, role=role, judge_ref=judge_ref
        )
    token = accounts.issue_display_token(engine, name="big screen", created_by="setup")
    engine.dispose()
    return show_app_on(database_url, token)
