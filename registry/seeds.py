"""A seeds file (cli.md): the portals a crawl starts from, read and checked.

A seeds file is what a user hands ``nianbao crawl --seeds`` and ``nianbao
regions add-seeds``: one row per portal, read into the registry's own row
shape (:class:`registry.regions.Region`).  Reading it is kept apart from the
registry (:mod:`registry.regions`) because it checks a user's file line by line
and reports the first fault in one line naming file and line; the shipped
registry needs none of that.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from registry.regions import LEVELS, Region

#: the header a seeds file starts with, exactly (cli.md); what writes one for a crawl uses it too
SEEDS_HEADER = ["code", "name", "level", "parent_code", "url"]


class SeedsError(ValueError):
    """A seeds file that does not follow cli.md; the message is one line."""


def read_seeds_csv(path: str | Path) -> list[Region]:
    """Read and check a seeds file (cli.md); raise SeedsError naming file and line."""
    path = Path(path)

    def fail(line: int, why: str) -> SeedsError:
        return SeedsError(f"{path}:{line}: {why}")

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SeedsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SeedsError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows = []  # (line where the record starts, fields)
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            rows.append((start, row))
    except csv.Error as exc:
        raise fail(reader.line_num, f"bad CSV: {exc}") from exc
    if header != SEEDS_HEADER:
        raise fail(1, f"header must be exactly {','.join(SEEDS_HEADER)}")
    seeds: list[Region] = []
    seen: set[str] = set()
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(SEEDS_HEADER):
            raise fail(line, f"expected 5 fields, found {len(row)}")
        code, name, level, parent, url = (c.strip() for c in row)
        if not re.fullmatch(r"\d{6,}", code):
            raise fail(line, f"code {code!r} is not 6 or more digits")
        if code in seen:
            raise fail(line, f"code {code} appears twice")
        if not name:
            raise fail(line, "name is empty")
        if level not in LEVELS:
            raise fail(line, f"level {level!r} is not one of {', '.join(LEVELS)}")
        if parent and not re.fullmatch(r"\d{6,}", parent):
            raise fail(line, f"parent_code {parent!r} is not 6 or more digits")
        if not re.fullmatch(r"https?://[^\s/]+\S*", url):
            raise fail(line, f"url {url!r} is not an http(s) URL")
        seen.add(code)
        seeds.append(Region(code, name, level, parent or None, url))
    return seeds
