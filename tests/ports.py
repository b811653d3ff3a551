"""A free TCP port on a loopback address, for the servers the tests start.

The port is found by binding to port 0 and closing again: a server started
right after takes it (a race no test here has lost), and tests that run side
by side each get their own.
"""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
