"""Signing in and out, "who am I / what may I do", and display screens exchanging their token."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from floorcraft.errors import NotAllowed
from floorcraft.web import errors
from floorcraft.web.auth import accounts
from floorcraft.web.auth.guard import client_ip, guarded, principal_of
from floorcraft.web.auth.roles import DESCRIPTIONS, Permission, Principal
from floorcraft.web.auth.throttle import GENERIC_MESSAGE
from floorcraft.web.context import site_of, wants_html


def safe_next(value: object) -> str | None:
    """A post-login redirect target, only when it is a local path (no open redirect)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc or "\\" in value else value


@guarded(Permission.VIEW_PUBLIC)
async def login_form(request: Request, principal: Principal) -> Response:
    return site_of(request).render(
        request, "login.html", {"next": safe_next(request.query_params.get("next"))}
    )


@guarded(Permission.VIEW_PUBLIC, session_only=True)
async def login_submit(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(form.get("next"))
    try:
        site.throttle.check(username, client_ip(request))
        found = await run_in_threadpool(
            accounts.authenticate, site.engine, site.passwords, username, password
        )
        if found is None:
            site.throttle.failed(username, client_ip(request))
            raise errors.NotAuthenticated("wrong username or password")
    except (errors.Throttled, errors.NotAuthenticated) as exc:
        action = "login.throttled" if isinstance(exc, errors.Throttled) else "login.failed"
        await site.audit(request, action, Principal(principal.role, username.strip()[:80] or "(empty)"))
        if not wants_html(request):
            return errors.error_json(exc, request)
        page = {"error": str(exc), "next": target}
        return errors.with_retry_after(
            site.render(request, "login.html", page, status=errors.status_for(exc)), exc
        )
    await site.sign_in(request, found)
    await site.audit(request, "login.succeeded", found)
    if not wants_html(request):
        return JSONResponse(_me(found))
    return RedirectResponse(target or "/me", status_code=303)


@guarded(Permission.VIEW_PUBLIC, session_only=True)
async def logout(request: Request, principal: Principal) -> Response:
    await site_of(request).sign_out(request)
    await site_of(request).audit(request, "logout", principal)
    return (
        RedirectResponse("/", status_code=303) if wants_html(request) else JSONResponse({"signed_out": True})
    )


def _me(principal: Principal) -> dict:
    return {
        "role": principal.role.value,
        "name": principal.name,
        "judge_ref": principal.judge_ref,
        "permissions": [
            {"permission": p.value, "means": DESCRIPTIONS[p]} for p in Permission if principal.can(p)
        ],
    }


@guarded(Permission.VIEW_PUBLIC)
async def me_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(request, "me.html", {"me": _me(principal)})


@guarded(Permission.VIEW_PUBLIC)
async def me_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(_me(principal))


async def display(request: Request) -> Response:
    """A screen opens ``/display/<token>`` once; it gets a read-only session and lands on the scoreboard."""
    site = site_of(request)
    ip = client_ip(request)
    wait = site.throttle.per_ip.retry_after(ip)  # wrong tokens count against the IP's sign-in throttle
    if wait > 0:
        raise errors.Throttled(GENERIC_MESSAGE, retry_after=wait)
    found = await run_in_threadpool(accounts.display_principal, site.engine, request.path_params["token"])
    if found is None:
        site.throttle.per_ip.hit(ip)
        await site.audit(request, "display_token.refused", principal_of(request))
        raise NotAllowed("unknown or revoked display token")
    await site.sign_in(request, found)
    await site.audit(request, "display_token.used", found)
    return RedirectResponse("/scoreboard", status_code=303)
