"""The one error table and the one error shape (style.md §10, §13)."""

import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from floorcraft import errors as fc
from floorcraft.web.errors import HTTP_STATUS, NotAuthenticated, Throttled, exception_handlers, status_for


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_error_class_of_the_hierarchy_has_a_status():
    for cls in _all_subclasses(fc.FloorcraftError):
        if cls.__module__ == "floorcraft.errors":
            assert cls in HTTP_STATUS, f"{cls.__name__} is missing from web.errors.HTTP_STATUS"


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (fc.InvalidInput(["a", "b"]), 422),
        (fc.NotFound("x"), 404),
        (fc.Conflict("x"), 409),
        (fc.LimitExceeded("x"), 429),
        (fc.NotAllowed("x"), 403),
        (NotAuthenticated("x"), 401),
        (Throttled("x", retry_after=3), 429),
        (fc.FloorcraftError("x"), 500),
    ],
)
def test_statuses(exc, status):
    assert status_for(exc) == status


def test_any_app_installing_the_handlers_answers_in_the_one_shape():
    from web_helpers import make_client

    async def boom(request):
        raise fc.InvalidInput(["couple '12': score 11 is above 10", "judge 'B': missing"])

    async def slow_down(request):
        raise Throttled("too many", retry_after=2.4)

    app = Starlette(
        routes=[Route("/boom", boom, methods=["POST"]), Route("/slow", slow_down)],
        exception_handlers=exception_handlers(),
    )
    client = make_client(app)
    r = client.post("/boom")
    assert r.status_code == 422
    assert r.json() == {
        "error": {
            "code": "invalid_input",
            "message": "couple '12': score 11 is above 10; judge 'B': missing",
            "where": "POST /boom",
        }
    }
    r = client.get("/slow")
    assert (r.status_code, r.headers["retry-after"], r.json()["error"]["code"]) == (
        429,
        "2",
        "limit_exceeded",
    )
    r = client.get("/nowhere")
    assert r.status_code == 404
    assert r.json()["error"] == {"code": "not_found", "message": "Not Found", "where": "GET /nowhere"}
