"""Seeds files (cli.md): which portals to crawl."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from crawler.portal import PortalRef

HEADER = ["code", "name", "level", "parent_code", "url"]
LEVELS = {"province", "prefecture", "county", "township", "department"}


class SeedsError(Exception):
    """A seeds file is missing or malformed (one line naming file and line)."""


def read_seeds_csv(path: Path | str) -> list[PortalRef]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SeedsError(f"seeds file not found: {path}") from None
    except UnicodeDecodeError:
        raise SeedsError(f"{path}: not UTF-8") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip() for c in rows[0]] != HEADER:
        raise SeedsError(f"{path}:1: header must be {','.join(HEADER)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(HEADER):
            raise SeedsError(f"{path}:{n}: expected {len(HEADER)} fields, found {len(row)}")
        code, name, level, parent, url = (c.strip() for c in row)
        if not re.fullmatch(r"\d{6,12}", code):
            raise SeedsError(f"{path}:{n}: code {code!r} is not a GB/T 2260 code")
        if level not in LEVELS:
            raise SeedsError(f"{path}:{n}: level {level!r} not one of {', '.join(sorted(LEVELS))}")
        if not re.match(r"https?://[^/\s]+", url):
            raise SeedsError(f"{path}:{n}: url {url!r} is not an http(s) URL")
        out.append(PortalRef(code, name, level, parent or None, url))
    return out


def registry_portals() -> list[PortalRef]:
    """Portals of the shipped registry that have a known URL."""
    return []
