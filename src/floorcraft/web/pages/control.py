"""The control-room shell: publish to every screen, issue display tokens, see who is connected."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from floorcraft.errors import InvalidInput
from floorcraft.web.auth import accounts
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import is_htmx, site_of, wants_html
from floorcraft.web.live import Broker
from floorcraft.web.pages.scoreboard import ANNOUNCEMENT

MAX_ANNOUNCEMENT = 280


def _control(broker: Broker) -> dict:
    return {"last_event_id": broker.last_id, "connected_screens": broker.subscriber_count}


@guarded(Permission.VIEW_CONTROL)
async def control_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(request, "control.html", {"control": _control(site_of(request).broker)})


@guarded(Permission.VIEW_CONTROL)
async def control_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(_control(site_of(request).broker))


@guarded(Permission.RUN_SHOW)
async def announce(request: Request, principal: Principal) -> Response:
    """Publish a short message to every screen (the control room's first live action)."""
    text = str((await request.form()).get("message", "")).strip()
    if not text or len(text) > MAX_ANNOUNCEMENT:
        raise InvalidInput(f"message: must have 1 to {MAX_ANNOUNCEMENT} characters (got {len(text)})")
    event = site_of(request).broker.publish(ANNOUNCEMENT, {"message": text, "by": principal.name})
    if is_htmx(request):
        return Response(status_code=204)
    if wants_html(request):
        return RedirectResponse("/control", status_code=303)
    return JSONResponse({"event_id": event.id}, status_code=201)


@guarded(Permission.MANAGE_ACCOUNTS)
async def issue_display_token(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    name = str((await request.form()).get("name", ""))
    token = await run_in_threadpool(
        accounts.issue_display_token, site.engine, name=name, created_by=principal.name
    )
    await site.audit(request, "display_token.issued", principal, detail=f"screen {name.strip()!r}")
    url = str(request.url_for("display", token=token))
    if not wants_html(request):
        return JSONResponse({"name": name.strip(), "token": token, "url": url}, status_code=201)
    return site.render(request, "control.html", {"control": _control(site.broker), "new_token_url": url})
