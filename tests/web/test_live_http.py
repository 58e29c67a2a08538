"""The SSE feed over a real socket (uvicorn): delivery, Last-Event-ID resume, heartbeats, disconnects."""

import contextlib
import time

import httpx
import pytest
from web_helpers import build_site

from floorcraft.web.live import Broker
from floorcraft.web.server import serving


def read_sse(lines, *, events: int, heartbeats: int = 0) -> tuple[list[dict], int]:
    """Read SSE frames until ``events`` events (and ``heartbeats`` heartbeat comments) have arrived."""
    got, beats, frame = [], 0, {}
    for line in lines:
        if line.startswith(": heartbeat"):
            beats += 1
        elif line.startswith(":") or line.startswith("retry:"):
            pass
        elif line == "":
            if frame:
                got.append(frame)
            frame = {}
        else:
            field, _, value = line.partition(": ")
            frame[field] = value
        if len(got) >= events and beats >= heartbeats:
            return got, beats
    raise AssertionError(f"stream ended after {got} and {beats} heartbeats")


def _wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def served(tmp_path):
    site = build_site(f"sqlite:///{tmp_path / 'live.sqlite'}", broker=Broker(heartbeat=0.2))
    with serving(site.app) as base_url:
        yield site, base_url


def test_an_event_reaches_a_connected_client_and_a_reconnect_resumes(served):
    site, base = served
    with httpx.Client(base_url=base, timeout=5) as http:
        with http.stream("GET", "/live") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert next(lines) == "retry: 1000"
            _wait_for(lambda: site.broker.subscriber_count == 1)
            site.broker.publish("reveal", {"couple": "12", "score": 9})
            (event,), _ = read_sse(lines, events=1)
        assert event == {"id": "1", "event": "reveal", "data": '{"couple":"12","score":9}'}
        _wait_for(lambda: site.broker.subscriber_count == 0)  # the server noticed the client left
        site.broker.publish("reveal", {"n": 2})
        site.broker.publish("reveal", {"n": 3})
        with http.stream("GET", "/live", headers={"Last-Event-ID": "1"}) as stream:
            missed, _ = read_sse(stream.iter_lines(), events=2)
        assert [(e["id"], e["data"]) for e in missed] == [("2", '{"n":2}'), ("3", '{"n":3}')]


def test_an_idle_stream_carries_heartbeats(served):
    _, base = served
    with httpx.Client(base_url=base, timeout=5) as http, http.stream("GET", "/live") as stream:
        _, beats = read_sse(stream.iter_lines(), events=0, heartbeats=2)
    assert beats == 2


def test_unknown_channels_are_refused_in_the_error_shape(served):
    _, base = served
    r = httpx.get(base + "/live?channels=tallies", timeout=5)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"


def test_stopping_the_server_ends_streams_and_runs_the_sites_close_hooks(tmp_path):
    closed = []
    site = build_site(f"sqlite:///{tmp_path / 'stop.sqlite'}", on_close=[lambda: closed.append("voting")])
    with contextlib.ExitStack() as outside:
        http = outside.enter_context(httpx.Client(timeout=5))
        with serving(site.app) as base:
            stream = outside.enter_context(http.stream("GET", base + "/live"))
            _wait_for(lambda: site.broker.subscriber_count == 1)
        # the server stopped while the stream was open: the stream ended cleanly, the hooks ran
        assert b"".join(stream.iter_bytes()).startswith(b"retry: 1000")
        assert site.broker.subscriber_count == 0
        assert closed == ["voting"]
