"""``nianbao verify`` notices bytes that no longer match their sha256."""

from __future__ import annotations

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace


def test_verify_names_a_corrupted_blob(workspace: Workspace, demo_portal: PortalServers) -> None:
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    assert workspace.run("crawl", "--seeds", str(seeds)).returncode == 0
    ok = workspace.run("verify", "--format", "json")
    assert ok.returncode == 0 and ok.json()["ok"] and ok.json()["blobs"] >= 8
    victim = sorted((workspace.archive / "blobs").glob("??/??/*"))[0]
    victim.write_bytes(victim.read_bytes() + b"!")
    bad = workspace.run("verify", "--format", "json")
    assert bad.returncode == 1
    problems = bad.json()["problems"]
    assert any(victim.name in p for p in problems), problems
