"""The one JSON error shape of the web adapter and the one table from error classes to HTTP statuses.

Every refusal or failure the web layer returns, JSON or HTML, carries the same three facts::

    {"error": {"code": "not_allowed", "message": "judge 'ana' may only submit their own scores",
               "where": "POST /api/scores"}}

``code`` is the machine-readable class (``FloorcraftError.code``), ``message`` is one human sentence and
``where`` names the request that failed. :data:`HTTP_STATUS` is the single mapping from
``floorcraft.errors`` (style.md §13) to statuses; every app of the project (the site, the voting API)
installs :func:`exception_handlers` so that they all answer alike.

    FloorcraftError   500 (a bug: a class missing from the table)
    ├── InvalidInput  422
    ├── NotFound      404
    ├── Conflict      409
    ├── LimitExceeded 429 (Throttled adds Retry-After)
    └── NotAllowed    403
        └── NotAuthenticated 401 (wrong username or password)
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from floorcraft.errors import Conflict, FloorcraftError, InvalidInput, LimitExceeded, NotAllowed, NotFound


class NotAuthenticated(NotAllowed):
    """A sign-in that failed (deliberately the same message for a wrong name and a wrong password)."""

    code = "not_authenticated"


#: The one table from error classes to HTTP statuses (looked up along the MRO: a subclass entry wins).
HTTP_STATUS: dict[type[FloorcraftError], int] = {
    NotAuthenticated: 401,
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    LimitExceeded: 429,
    NotAllowed: 403,
}

#: Codes for plain HTTP errors raised by routing (unknown path, wrong method, ...).
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "not_allowed",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_input",
    429: "limit_exceeded",
}


class Throttled(LimitExceeded):
    """A :class:`LimitExceeded` that knows when the client may try again (sent as ``Retry-After``)."""

    def __init__(self, message: str, *, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


def status_for(exc: FloorcraftError) -> int:
    """The HTTP status of ``exc`` from :data:`HTTP_STATUS` (500 for a class the table forgot)."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def where(request: Request) -> str:
    """``"METHOD /path"``: the request an error belongs to."""
    return f"{request.method} {request.url.path}"


def error_body(code: str, message: str, where: str) -> dict:
    """The one error shape: ``{"error": {"code", "message", "where"}}``."""
    return {"error": {"code": code, "message": message, "where": where}}


def with_retry_after(response: Response, exc: Exception) -> Response:
    """Add ``Retry-After`` (whole seconds, at least 1) to ``response`` when ``exc`` is :class:`Throttled`."""
    if isinstance(exc, Throttled):
        response.headers["retry-after"] = str(max(1, round(exc.retry_after)))
    return response


def error_json(exc: FloorcraftError, request: Request) -> JSONResponse:
    """``exc`` as a JSON error response with its mapped status (and ``Retry-After`` when throttled)."""
    response = JSONResponse(error_body(exc.code, str(exc), where(request)), status_code=status_for(exc))
    return with_retry_after(response, exc)


async def _floorcraft_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FloorcraftError)
    return error_json(exc, request)


async def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "error")
    return JSONResponse(
        error_body(code, str(exc.detail), where(request)), status_code=exc.status_code, headers=exc.headers
    )


def exception_handlers() -> dict:
    """``Starlette(exception_handlers=...)``: FloorcraftError and HTTPException in the one shape."""
    return {FloorcraftError: _floorcraft_handler, HTTPException: _http_handler}
