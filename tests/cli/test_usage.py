"""What a person meets at the prompt: --version, one-line errors, -v for details."""

from __future__ import annotations

import pytest

import nianbao
from tests.conftest import Workspace


def test_version(workspace: Workspace) -> None:
    run = workspace.run("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"nianbao {nianbao.__version__}"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("crawl", "--bogus"), "No such option: --bogus"),
        (("lookup", "url"), "Missing argument 'url'"),
        (("crawl", "--render", "sometimes"), "'sometimes' is not one of"),
        (("lookup", "region", "海林市", "--year", "twenty"), "--year"),
        (("no-such-command",), "No such command"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    workspace: Workspace, args: tuple[str, ...], says: str
) -> None:
    run = workspace.run(*args)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ") and says in lines[0] and "--help" in lines[0]
    assert "╭" not in run.stderr and "Traceback" not in run.stderr


def test_unreachable_portal_is_one_line_details_with_v(workspace: Workspace) -> None:
    seeds = workspace.seeds([("231083", "海林市", "county", "231000", "http://127.0.0.3:9/")])
    run = workspace.run("crawl", "--seeds", str(seeds), "--render", "never")
    assert run.returncode == 0
    assert "Traceback" not in run.stderr and "[scrapy" not in run.stderr
    failed = [line for line in run.stderr.splitlines() if "failed" in line]
    assert len(failed) == 1 and "127.0.0.3:9" in failed[0] and "refused" in failed[0]
    verbose = workspace.run("-v", "crawl", "--seeds", str(seeds), "--render", "never")
    assert verbose.returncode == 0 and "[scrapy" in verbose.stderr
