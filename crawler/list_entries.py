"""A list's entries, night against night: how a changed entry is told from an unchanged one.

A known report page or attachment is fetched at once, whatever the rolling
schedule says, when its entry on a list changed since the last crawl: a report
corrected in place often shows only there (a new title, 更正版, a new date beside
the link), while the page's own bytes move every night with its visit counter.
An entry is the link's text (or title) and the dates printed in its row, hashed;
the hashes seen tonight are kept per URL (``list_entries``) for tomorrow's
comparison, at most ``MAX_ENTRIES`` of them (a URL linked from several lists with
different texts).  Last night's are read with the rest of what the database knows
(crawler/known_pages.py); tonight's decision on them is the nightly schedule's
(crawler/nightly.py).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from archive.models import ListEntry

#: a date as lists print them beside a link
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_ROW = "ancestor::*[self::li or self::tr or self::dd or self::p][1]//text()"
#: entry hashes kept per URL (a URL listed on several lists with different texts)
MAX_ENTRIES = 3
#: rows written by one statement
_CHUNK = 500


class ListEntries:
    """Tonight's list entries: URL → (portal id, entry hashes)."""

    def __init__(self) -> None:
        self.tonight: dict[str, tuple[int | None, set[str]]] = {}
        self._dates: tuple[Response | None, dict[str, str]] = (None, {})

    def note(self, request: Request, parent: Response, portal_id: int | None) -> str:
        """Note the entry of the list ``parent`` that links ``request``; return its hash."""
        text = str(request.meta.get("link_text") or "")
        dates = self._row_dates(parent).get(request.url, "")
        entry = hashlib.sha256(f"{text}|{dates}".encode()).hexdigest()[:16]
        self.tonight.setdefault(request.url, (portal_id, set()))[1].add(entry)
        return entry

    def _row_dates(self, response: Response) -> dict[str, str]:
        """Each linked URL's row dates, read once per list page (its links come one by one)."""
        if self._dates[0] is response:
            return self._dates[1]
        out: dict[str, str] = {}
        if isinstance(response, TextResponse) and b"<" in response.body[:1024]:
            for a in response.xpath("//a[@href]"):
                url = urldefrag(urljoin(response.url, a.attrib["href"].strip()))[0]
                if url not in out:
                    out[url] = " ".join(_DATE.findall("".join(a.xpath(_ROW).getall())))
        self._dates = (response, out)
        return out

    def save(self, sessions: sessionmaker[Session], before: dict[str, set[str]]) -> None:
        """Keep tonight's entries where they differ from ``before`` (last night's)."""
        now = datetime.now(UTC)
        rows = [
            {
                "url": url,
                "portal_id": pid,
                "entry": ",".join(sorted(got)[:MAX_ENTRIES]),
                "seen_at": now,
            }
            for url, (pid, got) in self.tonight.items()
            if set(sorted(got)[:MAX_ENTRIES]) != before.get(url)
        ]
        if not rows:
            return
        with sessions() as session:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            for start in range(0, len(rows), _CHUNK):
                stmt = insert(ListEntry).values(rows[start : start + _CHUNK])
                stmt = stmt.on_conflict_do_update(
                    index_elements=["url"],
                    set_={"entry": stmt.excluded.entry, "seen_at": stmt.excluded.seen_at},
                )
                session.execute(stmt)
            session.commit()
