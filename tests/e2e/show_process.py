"""The live-show server in a process of its own, as in production, for the timed browser tests.

In a thread of the test process (``floorcraft.web.server.serving``) the server shares the GIL with
Playwright's client, which polls the pages meanwhile: a step's first trip to the big screen then took up
to 1.2 s on an idle 2-core machine, where the server alone needed 0.1-0.4 s of it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import socket
import time
from collections.abc import Iterator

from ports import free_port


def _serve(db_url: str, port: int, secret: str) -> None:
    import uvicorn

    from floorcraft.web.auth.passwords import fast_passwords
    from floorcraft.web.show_app import create_show_app

    app = create_show_app(db_url, secret=secret, passwords=fast_passwords(), rate_limits=None)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1)


@contextlib.contextmanager
def serving_process(db_url: str, secret: str, startup_timeout: float = 30.0) -> Iterator[str]:
    """``create_show_app(db_url)`` served by uvicorn in a spawned process; yields its base URL."""
    port = free_port()
    spawn = multiprocessing.get_context("spawn")
    proc = spawn.Process(target=_serve, args=(db_url, port, secret), daemon=True)
    proc.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if not proc.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the show server did not start on port {port} (exit {proc.exitcode})")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join()
