"""Serve an ASGI app with uvicorn in a background thread (browser tests, benches, the demo).

>>> # with serving(app) as base_url: httpx.get(base_url + "/api/me")

Port 0 asks the OS for a free port; the real one is read back from the bound socket, so parallel test
workers never collide.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def serving(
    app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Run ``app`` until the block ends; yields ``http://host:port``. Live streams are ended on exit."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", lifespan="auto", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{host}:{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on {host}:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        site = getattr(getattr(app, "state", None), "site", None)
        if site is not None:
            site.broker.close_all()
        server.should_exit = True
        thread.join(timeout=10)
