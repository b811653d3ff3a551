"""A free TCP port on a loopback address for the servers the tests start, and the wait
until a server started on it answers.

The port is found by binding to port 0 and closing again: a server started
right after takes it (a race no test here has lost), and tests that run side
by side each get their own.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def wait_for_http(proc: subprocess.Popen[str], url: str, what: str, seconds: float = 30) -> None:
    """Return once ``url`` answers HTTP (any status: the server is up); fail with the
    process's output if it exits or stays silent for ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"{what} did not start: {proc.communicate()}") from None
            time.sleep(0.1)
