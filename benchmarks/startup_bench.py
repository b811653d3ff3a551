"""Start-up time of the light commands against the time Python takes to import SQLAlchemy.

Issue 14's yardstick: ``nianbao --help`` within the time of ``python -c "import
sqlalchemy"``, ``nianbao lookup`` within one and a half times it.  Each command is
run as a fresh process (as a person runs it), the runs interleaved so that a busy
moment of the machine hits every command alike, and the fastest of ``--runs`` is
kept.  The database is a fresh SQLite file, migrated by one run before timing.

    .venv/bin/python benchmarks/startup_bench.py [--runs 12]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NIANBAO = str(Path(sys.executable).with_name("nianbao"))
URL = "http://127.0.0.1:8765/zwgk/xxgknb/202102/t20210201_1001.html"
COMMANDS = {
    "import sqlalchemy": [sys.executable, "-c", "import sqlalchemy"],
    "nianbao --help": [NIANBAO, "--help"],
    "nianbao lookup url": [NIANBAO, "lookup", "url", URL, "--format", "json"],
    "nianbao lookup region": [NIANBAO, "lookup", "region", "海林市", "--format", "json"],
}


def timed(argv: list[str], env: dict[str, str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NIANBAO_DB=f"sqlite:///{tmp}/nianbao.db")
        env["NIANBAO_ARCHIVE"] = f"{tmp}/archive"
        subprocess.run(
            COMMANDS["nianbao lookup url"], env=env, cwd=tmp, check=True, capture_output=True
        )
        best = {name: float("inf") for name in COMMANDS}
        for _ in range(args.runs):
            for name, argv in COMMANDS.items():
                best[name] = min(best[name], timed(argv, env, tmp))
    base = best["import sqlalchemy"]
    print(
        json.dumps(
            {
                name: {"seconds": round(s, 3), "times_sqlalchemy": round(s / base, 2)}
                for name, s in best.items()
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
