"""`floorcraft demo` serves the live show: a real subprocess on a free port answers `/`, `/openapi.json`
and the printed producer login, reuses its SQLite file on a second start, and stops cleanly."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ports import free_port

FLOORCRAFT = Path(sys.executable).parent / "floorcraft"


def start(cwd: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FLOORCRAFT_DB"}
    return subprocess.Popen(
        [str(FLOORCRAFT), "demo", "--port", str(port)],
        cwd=cwd,
        env={**env, "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_serving(proc: subprocess.Popen, base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"floorcraft demo exited early:\n{proc.stdout.read()}")
        try:
            if httpx.get(base + "/", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("floorcraft demo did not start serving in time")


def stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def test_floorcraft_demo_serves_the_pages_the_api_and_the_demo_logins(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(tmp_path, port)
    try:
        wait_until_serving(proc, base)
        assert "floorcraft" in httpx.get(base + "/").text
        document = httpx.get(base + "/openapi.json").json()
        assert "/api/polls/{poll_id}/votes" in document["paths"] and "/api/control" in document["paths"]
        with httpx.Client(base_url=base) as client:
            login = client.get("/login", headers={"accept": "text/html"}).text
            token = re.search(r'name="csrf-token" content="([^"]+)"', login).group(1)
            signed = client.post(
                "/login", data={"username": "producer", "password": "producer-demo", "csrf_token": token}
            )
            assert signed.status_code in (200, 303)
            night = client.get("/api/control").json()["night"]
            assert night["season"] == "demo" and night["week"] == 7 and night["phase"] == "idle"
            assert len(night["running_order"]) == 7 and len(night["panel"]) == 4
    finally:
        out = stop(proc)
    assert f"{base}/control" in out and f"{base}/display/" in out and "producer-demo" in out
    assert "demo season seeded" in out
    assert (tmp_path / "floorcraft.sqlite").exists()

    proc = start(tmp_path, port)  # a second start reuses the file and the season
    try:
        wait_until_serving(proc, base)
    finally:
        out = stop(proc)
    assert "demo season reused" in out
