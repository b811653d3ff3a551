"""What a group of new captures must know of earlier ones, asked once for the whole group.

A capture row says whether its payload changed since its URL's last capture, a
revisit record names the first ``response`` record that holds its payload, and a
304 is recorded against the capture its request validated.  Asked per exchange,
each of those questions was a query of its own, and each query first flushed the
rows added before it, one INSERT at a time: the archive's writer thread spent
more on them than on the bytes.  Asked here for the whole group before any of
its rows is added, three queries answer them all, and the rows go in together
when the group commits.  Rows of the group itself count as earlier for the
exchanges after them, as they did when each question flushed them first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from archive.models import Capture

#: rows of the group sort after every stored row of the same moment, as their ids will
_IN_GROUP = 1 << 62


#: captures of one URL, the latest first: what every "last capture of a URL" reads
LATEST_FIRST = (Capture.fetched_at.desc(), Capture.id.desc())


def latest_ids(*where: ColumnElement[bool]) -> Select[int]:
    """The id of each URL's (and method's) latest capture among those ``where`` picks,
    for many URLs in one query."""
    ranked = (
        select(
            Capture.id,
            func.row_number()
            .over(partition_by=(Capture.url, Capture.method), order_by=LATEST_FIRST)
            .label("n"),
        )
        .where(*where)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.n == 1)


def payload_holders(session: Session, digests: Iterable[str]) -> dict[str, Capture]:
    """The first ``response`` record of each of these payloads, where one is stored: what
    every revisit of the payload refers to."""
    wanted = sorted(set(digests))
    holders: dict[str, Capture] = {}
    if wanted:
        for row in session.scalars(
            select(Capture)
            .where(Capture.sha256.in_(wanted), Capture.warc_type == "response")
            .order_by(Capture.id)
        ):
            holders.setdefault(row.sha256, row)
    return holders


def _instant(moment: datetime) -> datetime:
    """One clock for stored and new times: SQLite gives naive UTC, PostgreSQL aware."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


@dataclass
class EarlierCaptures:
    """The group's answers, kept up to date as its own rows are made."""

    #: capture id → the capture a conditional request of the group validated
    validated: dict[int, Capture] = field(default_factory=dict)
    #: sha256 → the first ``response`` record of that payload
    holders: dict[str, Capture] = field(default_factory=dict)
    #: (url, method) → (when, order, sha256) of its latest capture answered below 400
    latest: dict[tuple[str, str], tuple[datetime, int, str]] = field(default_factory=dict)
    _added: int = 0

    @classmethod
    def read(
        cls, session: Session, validated_ids: Iterable[int], urls: Iterable[str]
    ) -> EarlierCaptures:
        known = cls()
        ids = sorted(set(validated_ids))
        if ids:
            known.validated = {
                c.id: c for c in session.scalars(select(Capture).where(Capture.id.in_(ids)))
            }
        wanted = sorted(set(urls))
        if wanted:
            latest = select(
                Capture.url, Capture.method, Capture.sha256, Capture.fetched_at, Capture.id
            ).where(Capture.id.in_(latest_ids(Capture.url.in_(wanted), Capture.status < 400)))
            for row in session.execute(latest):
                key = (row.url, row.method)
                known.latest[key] = (_instant(row.fetched_at), row.id, row.sha256)
        return known

    def read_holders(self, session: Session, digests: Iterable[str]) -> None:
        """The first ``response`` record of each of these payloads, where one is stored."""
        found = payload_holders(session, set(digests) - set(self.holders))
        for digest, row in found.items():
            self.holders.setdefault(digest, row)

    def holder(self, digest: str) -> Capture | None:
        return self.holders.get(digest)

    def changed(self, url: str, method: str, digest: str) -> bool | None:
        """Whether ``digest`` differs from the URL's latest capture (None: its first)."""
        last = self.latest.get((url, method))
        return None if last is None else last[2] != digest

    def add(self, row: Capture) -> None:
        """A row of the group: earlier than the exchanges after it."""
        self._added += 1
        if row.warc_type == "response":
            self.holders.setdefault(row.sha256, row)
        if row.status < 400:
            key = (row.url, row.method)
            mine = (_instant(row.fetched_at), _IN_GROUP + self._added, row.sha256)
            if key not in self.latest or mine[:2] > self.latest[key][:2]:
                self.latest[key] = mine
