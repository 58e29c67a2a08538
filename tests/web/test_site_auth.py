"""Sign-in, sessions, CSRF, throttles and role refusals through the site, with the one error body."""

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from web_helpers import PASSWORD, build_site, csrf_of, sign_in

from floorcraft.web.auth import accounts, audit
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal, require_own_score
from floorcraft.web.auth.sessions import COOKIE_NAME


def _actions(site) -> list[str]:
    """The audit since the accounts were seeded, oldest first."""
    return [e.action for e in reversed(audit.recent(site.engine)) if e.action != "account.created"]


def _refusal(response, status: int, code: str, where: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["where"] == where
    assert body["error"]["message"]


def test_sign_in_sets_a_signed_session_and_who_am_i_follows_it(site):
    client = site.client()
    assert client.get("/api/me").json()["role"] == "public"
    r = sign_in(client, "ANA")  # usernames match case-folded
    assert r.status_code == 200
    me = client.get("/api/me").json()
    assert (me["role"], me["name"], me["judge_ref"]) == ("judge", "ana", "A")
    assert {p["permission"] for p in me["permissions"]} == {"view_public", "view_tablet", "submit_own_score"}
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/me", headers={"accept": "text/html"})
    assert 'id="me-role">judge<' in page.text


def test_sign_in_rotates_the_csrf_token(site):
    client = site.client()
    before = csrf_of(client)
    sign_in(client, "pat")
    assert csrf_of(client) != before


def test_a_tampered_session_cookie_is_the_public(site):
    client = site.client()
    sign_in(client, "pat")
    value = client.cookies[COOKIE_NAME]
    client.cookies.set(COOKIE_NAME, value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    assert client.get("/api/me").json()["role"] == "public"
    _refusal(client.get("/api/audit"), 403, "not_allowed", "GET /api/audit")


def test_wrong_passwords_get_one_generic_401_and_are_audited(site):
    client = site.client()
    wrong = sign_in(client, "pat", "not the password")
    unknown = sign_in(client, "nobody", "not the password")
    _refusal(wrong, 401, "not_authenticated", "POST /login")
    assert (
        wrong.json()["error"]["message"] == unknown.json()["error"]["message"] == "wrong username or password"
    )
    assert _actions(site) == ["login.failed", "login.failed"]


def test_login_without_the_csrf_token_is_refused(site):
    client = site.client()
    client.get("/login")  # has a session, but does not send its token back
    r = client.post("/login", data={"username": "pat", "password": PASSWORD})
    _refusal(r, 403, "csrf_rejected", "POST /login")
    r = client.post("/login", data={"username": "pat", "password": PASSWORD, "csrf_token": "forged"})
    _refusal(r, 403, "csrf_rejected", "POST /login")
    assert client.get("/api/me").json()["role"] == "public"
    assert _actions(site) == ["csrf.refused", "csrf.refused"]


def test_every_state_changing_request_needs_the_token(site):
    client = site.client()
    sign_in(client, "pat")
    _refusal(
        client.post("/control/announce", data={"message": "hi"}),
        403,
        "csrf_rejected",
        "POST /control/announce",
    )
    _refusal(client.post("/logout"), 403, "csrf_rejected", "POST /logout")
    ok = client.post("/control/announce", data={"message": "hi"}, headers={"x-csrf-token": csrf_of(client)})
    assert ok.status_code == 201
    assert site.broker.latest("announcement").data == {"message": "hi", "by": "pat"}


@pytest.fixture
def tight(tmp_path):
    return build_site(f"sqlite:///{tmp_path / 't.sqlite'}", account_limit=(3, 60.0), ip_limit=(5, 60.0))


def test_per_account_throttle_refuses_even_the_right_password_from_a_new_ip(tight):
    for i in range(3):
        sign_in(tight.client(ip=f"10.0.0.{i}"), "pat", "wrong password")
    fresh = tight.client(ip="10.0.9.9")
    r = sign_in(fresh, "pat")
    _refusal(r, 429, "limit_exceeded", "POST /login")
    assert int(r.headers["retry-after"]) >= 1
    assert sign_in(fresh, "ana").status_code == 200  # another account from the same IP is fine
    tight.clock.now += 61
    assert sign_in(tight.client(ip="10.0.9.8"), "pat").status_code == 200
    assert "login.throttled" in _actions(tight)


def test_per_ip_throttle_refuses_every_account_from_that_ip(tight):
    attacker = tight.client(ip="10.6.6.6")
    for name in ("u1", "u2", "u3", "u4", "u5"):
        sign_in(attacker, name, "wrong password")
    r = sign_in(attacker, "ana")
    _refusal(r, 429, "limit_exceeded", "POST /login")
    account_side = sign_in(tight.client(ip="10.7.7.7"), "ana")
    assert account_side.status_code == 200  # ana herself is not locked out elsewhere
    per_account_message = r.json()["error"]["message"]
    for i in range(3):
        sign_in(tight.client(ip=f"10.1.1.{i}"), "ben", "wrong password")
    assert sign_in(tight.client(ip="10.1.2.3"), "ben").json()["error"]["message"] == per_account_message


def test_a_producer_can_read_the_audit_and_the_public_cannot(site):
    voter = site.client(ip="10.2.2.2")
    _refusal(voter.get("/api/audit"), 403, "not_allowed", "GET /api/audit")
    _refusal(voter.get("/api/control"), 403, "not_allowed", "GET /api/control")
    _refusal(voter.get("/live?channels=control"), 403, "not_allowed", "GET /live")
    producer = site.client()
    sign_in(producer, "pat")
    entries = producer.get("/api/audit").json()["entries"]
    refused = [e for e in entries if e["action"] == "permission.refused"]
    assert [(e["actor"], e["ip"], e["where"]) for e in reversed(refused)] == [
        ("anonymous", "10.2.2.2", "GET /api/audit"),
        ("anonymous", "10.2.2.2", "GET /api/control"),
        ("anonymous", "10.2.2.2", "GET /live"),
    ]


def test_judges_and_scrutineers_cannot_reach_the_control_room(site):
    for name in ("ana", "sue"):
        client = site.client()
        sign_in(client, name)
        _refusal(client.get("/api/control"), 403, "not_allowed", "GET /api/control")
        r = client.post("/control/announce", data={"message": "x", "csrf_token": csrf_of(client)})
        _refusal(r, 403, "not_allowed", "POST /control/announce")
    assert site.broker.last_id == 0


def _score_route():
    """A stand-in for the judge tablet's score endpoint, built the way later pages plug in."""

    @guarded(Permission.SUBMIT_OWN_SCORE)
    async def submit(request: Request, principal: Principal):
        require_own_score(principal, request.path_params["judge"])
        return JSONResponse({"stored": True}, status_code=201)

    return Route("/api/scores/{judge}", submit, methods=["POST"])


def test_a_judge_cannot_score_for_another_judge(tmp_path):
    site = build_site(f"sqlite:///{tmp_path / 's.sqlite'}", routes=[_score_route()])
    ana = site.client()
    sign_in(ana, "ana")
    token = {"x-csrf-token": csrf_of(ana)}
    assert ana.post("/api/scores/A", headers=token).status_code == 201
    r = ana.post("/api/scores/B", headers=token)
    _refusal(r, 403, "not_allowed", "POST /api/scores/B")
    assert "not judge 'B'" in r.json()["error"]["message"]
    producer = site.client()
    sign_in(producer, "pat")
    _refusal(
        producer.post("/api/scores/A", headers={"x-csrf-token": csrf_of(producer)}),
        403,
        "not_allowed",
        "POST /api/scores/A",
    )
    assert _actions(site).count("permission.refused") == 2


def test_a_display_token_gives_a_read_only_screen(site):
    token = accounts.issue_display_token(site.engine, name="big screen", created_by="pat")
    screen = site.client(ip="10.3.3.3")
    r = screen.get(f"/display/{token}")
    assert (r.status_code, r.headers["location"]) == (303, "/scoreboard")
    assert screen.get("/api/me").json() == {
        "role": "display",
        "name": "display:big screen",
        "judge_ref": None,
        "permissions": [
            {"permission": "view_public", "means": "see the scoreboard, results and the public live feed"}
        ],
    }
    assert screen.get("/api/scoreboard").status_code == 200
    r = screen.post("/control/announce", data={"message": "hacked", "csrf_token": csrf_of(screen)})
    _refusal(r, 403, "not_allowed", "POST /control/announce")
    _refusal(
        screen.post("/control/display-tokens", data={"name": "x", "csrf_token": csrf_of(screen)}),
        403,
        "not_allowed",
        "POST /control/display-tokens",
    )
    assert site.broker.last_id == 0
    _refusal(screen.post("/logout"), 403, "csrf_rejected", "POST /logout")
    assert (
        screen.post("/logout", data={"csrf_token": csrf_of(screen)}).status_code == 200
    )  # its own session only
    assert screen.get("/api/me").json()["role"] == "public"


def test_wrong_and_revoked_display_tokens_are_refused(site):
    token = accounts.issue_display_token(site.engine, name="side screen", created_by="pat")
    assert accounts.revoke_display_tokens(site.engine, name="side screen") == 1
    screen = site.client()
    _refusal(screen.get(f"/display/{token}"), 403, "not_allowed", f"GET /display/{token}")
    _refusal(screen.get("/display/guess"), 403, "not_allowed", "GET /display/guess")
    assert screen.get("/api/me").json()["role"] == "public"
    assert _actions(site).count("display_token.refused") == 2


def test_a_producer_issues_a_display_token_from_the_control_room(site):
    producer = site.client()
    sign_in(producer, "pat")
    r = producer.post("/control/display-tokens", data={"name": "big screen", "csrf_token": csrf_of(producer)})
    assert r.status_code == 201
    url = r.json()["url"]
    assert url.endswith(r.json()["token"])
    screen = site.client()
    assert screen.get(url).status_code == 303
    assert screen.get("/api/me").json()["role"] == "display"


def test_sign_out_ends_the_session(site):
    client = site.client()
    sign_in(client, "pat")
    r = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert r.status_code == 200
    assert client.get("/api/me").json()["role"] == "public"
    assert _actions(site)[-2:] == ["login.succeeded", "logout"]


def test_browsers_get_pages_and_post_login_redirects_only_to_local_paths(site):
    html = {"accept": "text/html"}
    client = site.client()
    token = csrf_of(client)
    form = {"username": "pat", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
    r = client.post("/login", data=form, headers=html)
    assert (r.status_code, r.headers["location"]) == (303, "/me")
    for path in ("/", "/me", "/scoreboard", "/control", "/audit"):
        assert client.get(path, headers=html).status_code == 200, path
    r = site.client().get("/control", headers=html)
    assert r.status_code == 403 and 'data-code="not_allowed"' in r.text
    assert site.client().get("/static/htmx.min.js").text.startswith("/*! htmx.org")


def test_the_voting_api_mounts_beside_the_pages(tmp_path):
    """One ASGI app serves the pages and F's voting API with its /openapi.json (issue #5 §3)."""
    from starlette.routing import Mount

    from floorcraft.voting.service import Secrets
    from floorcraft.web.app import create_app

    url = f"sqlite:///{tmp_path / 'both.sqlite'}"
    voting = create_app(url, secrets=Secrets.random())
    closed = []
    site = build_site(
        url, mounts=[Mount("/", app=voting)], on_close=[voting.state.voting.close, lambda: closed.append(1)]
    )
    with site.client() as client:  # runs the site's lifespan
        assert client.get("/openapi.json").json()["openapi"].startswith("3.")
        assert client.get("/api/me").json()["role"] == "public"
        tally = client.get("/api/producer/polls/p1/tally")
        assert tally.status_code == 401 and tally.json()["error"]["code"] == "unauthorized"
    assert closed == [1]


def test_a_cookie_copied_before_sign_out_no_longer_works(site):
    client = site.client()
    sign_in(client, "pat")
    copied = client.cookies[COOKIE_NAME]
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    thief = site.client(ip="10.5.5.5")
    thief.cookies.set(COOKIE_NAME, copied)
    assert thief.get("/api/me").json()["role"] == "public"
    _refusal(thief.get("/api/audit"), 403, "not_allowed", "GET /api/audit")


def test_deactivating_an_account_ends_its_sessions_and_sign_ins(site):
    client = site.client()
    sign_in(client, "ana")
    accounts.set_active(site.engine, "ana", False)
    assert client.get("/api/me").json()["role"] == "public"
    _refusal(sign_in(client, "ana"), 401, "not_authenticated", "POST /login")
    accounts.set_active(site.engine, "ana", True)
    assert sign_in(client, "ana").status_code == 200


def test_revoking_a_screens_tokens_ends_its_display_session(site):
    token = accounts.issue_display_token(site.engine, name="side screen", created_by="pat")
    screen = site.client()
    screen.get(f"/display/{token}")
    assert screen.get("/api/me").json()["role"] == "display"
    accounts.revoke_display_tokens(site.engine, name="side screen")
    assert screen.get("/api/me").json()["role"] == "public"


def test_a_browser_sees_the_login_form_again_with_the_reason(tight):
    html = {"accept": "text/html"}
    client = tight.client()
    form = {"username": "pat", "password": "wrong password", "csrf_token": csrf_of(client)}
    r = client.post("/login", data=form, headers=html)
    assert r.status_code == 401 and 'id="login-error">wrong username or password<' in r.text
    for _ in range(3):
        r = client.post("/login", data=form, headers=html)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert 'id="login-form"' in r.text and "too many sign-in attempts" in r.text
