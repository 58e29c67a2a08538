"""Helpers for the site tests: a fresh store with one account per role, a clock-driven throttle, sign-in."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from floorcraft.web.auth import accounts
from floorcraft.web.auth.passwords import fast_passwords
from floorcraft.web.auth.throttle import LoginThrottle, SlidingWindow
from floorcraft.web.site import create_site

SECRET = "test-secret-test-secret-test-secret"
PASSWORD = "correct horse battery"
#: username -> (role, judge_ref)
PEOPLE = {
    "pat": ("producer", None),
    "ana": ("judge", "A"),
    "ben": ("judge", "B"),
    "sue": ("scrutineer", None),
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Site:
    app: object
    clock: FakeClock

    @property
    def engine(self):
        return self.app.state.site.engine

    @property
    def broker(self):
        return self.app.state.site.broker

    def client(self, ip: str = "10.0.0.1"):
        return make_client(self.app, ip=ip)


def make_client(app, *, ip: str = "10.0.0.1"):
    """Starlette's TestClient from a given peer address, not following redirects."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx2
        from starlette.testclient import TestClient

        return TestClient(app, follow_redirects=False, client=(ip, 50000))


def build_site(
    database_url: str, *, routes=(), account_limit=(5, 300.0), ip_limit=(20, 300.0), **site_options
) -> Site:
    clock = FakeClock()
    passwords = fast_passwords()
    throttle = LoginThrottle(
        per_account=SlidingWindow(*account_limit, clock=clock), per_ip=SlidingWindow(*ip_limit, clock=clock)
    )
    app = create_site(
        database_url, secret=SECRET, passwords=passwords, throttle=throttle, routes=routes, **site_options
    )
    for username, (role, judge_ref) in PEOPLE.items():
        accounts.create_account(
            app.state.site.engine,
            passwords,
            username=username,
            password=PASSWORD,
            role=role,
            judge_ref=judge_ref,
        )
    return Site(app, clock)


def csrf_of(client) -> str:
    """The CSRF token of ``client``'s session, read from a page like a browser would."""
    html = client.get("/login", headers={"accept": "text/html"}).text
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_of(client)}
    )
