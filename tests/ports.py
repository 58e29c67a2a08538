"""A free loopback port for a server a test starts (the tests that spawn servers share this one helper)."""

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
