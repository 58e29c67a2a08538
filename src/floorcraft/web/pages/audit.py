"""The security audit for the producer, newest first (``web/auth/audit.py``)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from floorcraft.web.auth import audit
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of


@guarded(Permission.VIEW_AUDIT)
async def audit_page(request: Request, principal: Principal) -> Response:
    entries = await run_in_threadpool(audit.recent, site_of(request).engine)
    return site_of(request).render(request, "audit.html", {"entries": entries})


@guarded(Permission.VIEW_AUDIT)
async def audit_api(request: Request, principal: Principal) -> Response:
    entries = await run_in_threadpool(audit.recent, site_of(request).engine)
    return JSONResponse({"entries": [e.as_json() for e in entries]})
