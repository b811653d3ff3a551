"""The extractor's record: which template row a label names, and each row's best reading.

A label is matched to a template row under the part of the report it is read
in (``match``, ``switch``); every reading of a row's values is then offered
(``offer``) and per row only the best is kept, so a header echo, a wrapped
label or a summary table elsewhere never erases a row.  The stream row and
table 四's values being collected are offered here when they end.  Kept apart
from how rows are read: grid rows in ``parsers.grid_rows``, stream tokens and
the pass over a document in ``parsers.extract``, both built on this class.
"""

from __future__ import annotations

import re

from parsers.fuzzy import Unknown
from parsers.headings import section_of
from parsers.labels import Number, Value, norm
from parsers.review import ReviewHeadings
from parsers.runs import unrun
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS, Row, rows

#: the longest text matched against the template's labels (longer: narrative, never a row)
MAX_LABEL = 80
_NOTE = re.compile(r"\([^()]*\)$|[:;,*]+$")
_ENUM = re.compile(r"^\(?[一二三四五六七八九十\d]{1,2}[)、.]")
REVIEW_WIDTH = len(REVIEW_GROUPS) * len(REVIEW_PARTS)


class RowReadings:
    """A document's rows as read so far; see the module docstring."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.rows = rows(template)
        self.best: dict[str, list[Number]] = {}
        self.score: dict[str, tuple[bool, int]] = {}
        self.section: str | None = None
        self.unaligned: list[str] = []
        self.converted: list[str] = []
        self.foreign: list[str] = []
        self.runs: dict[str, bool] = {}
        self.order: list[str] = []  # row keys as read, for placing unknown labels
        self.unknown: list[Unknown] = []
        self.cur_unknown: Unknown | None = None
        self.fuzzy: dict[str, str] = {}
        self.review_buf: list[Value] = []
        self.review_heads = ReviewHeadings()
        # stream state
        self.cur: Row | None = None
        self.cur_vals: list[Value] = []
        # grid state
        self.header: dict[int, int] = {}
        self.header_width = 0
        self.header_open = False  # consecutive header rows build one map
        self.header_section: str | None = None
        self.pending: Row | None = None

    # -- matching -----------------------------------------------------------
    def match(self, text: str) -> Row | None:
        """The template row a label names; also tried without a trailing note
        in brackets (``规章（件）``) and without a leading item number."""
        t = norm(text)
        if not t or len(t) > MAX_LABEL or "。" in t:
            return None
        bare = _NOTE.sub("", t)
        forms = (t, bare, _ENUM.sub("", bare)) if bare != t or _ENUM.match(t) else (t,)
        for form in forms:
            for row in self.rows:
                if row.needs_section and self.section != row.section:
                    continue
                if row.pattern.search(form):
                    return row
        return None

    def switch(self, text: str) -> None:
        t = norm(text)
        if len(t) <= 40 and "。" not in t:
            sec = section_of(t)
            if sec is not None:
                self.section = None if sec == "end" else sec

    def offer(self, row: Row, values: list[Number] | None) -> None:
        """Keep, per row, the best reading: one under its own part's heading
        before one elsewhere (a summary table in 一、总体情况), then the one
        with the most values (a header echo of the label or a wrapped label's
        second line must not erase the row)."""
        if row.foreign:
            if values is None or any(v is not None for v in values):
                self.foreign.append(row.key)
            return
        self.order.append(row.key)
        if values is None:
            self.unaligned.append(row.key)
            return
        score = (self.section == row.section, sum(v is not None for v in values))
        if row.key not in self.best or score > self.score[row.key]:
            self.best[row.key], self.score[row.key] = values, score
        if not row.needs_section:
            self.section = row.section

    def offer_review(self, values: list[Number], skip_first: bool = False) -> None:
        for g, group in enumerate(REVIEW_GROUPS):
            if skip_first and g == 0:
                continue
            part = values[g * len(REVIEW_PARTS) : (g + 1) * len(REVIEW_PARTS)]
            self.offer(self.rows_by_key(group), part)

    def offer_named(self, numbers: list[Number]) -> bool:
        """A review value row under headings that name its groups (``review``)."""
        groups = self.review_heads.take(len(numbers))
        if groups is None:
            return False
        width = len(REVIEW_PARTS)
        for i, group in enumerate(groups):
            self.offer(self.rows_by_key(group), numbers[i * width : (i + 1) * width])
        return True

    def offer_run(self, row: Row | None, values: list[Value], k: int) -> bool:
        """Offer a row whose cells ran together into digit strings (split by
        its sums, or null); False when the values are not such a row."""
        run = unrun(values, k)
        if run is None:
            return False
        numbers, split = run
        if row is None:
            self.offer_review(numbers, skip_first=k < REVIEW_WIDTH)
            keys = list(REVIEW_GROUPS[1:] if k < REVIEW_WIDTH else REVIEW_GROUPS)
        else:
            self.offer(row, numbers)
            keys = [row.key]
        self.runs.update(dict.fromkeys(keys, split))
        return True

    def rows_by_key(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    # -- stream tokens ------------------------------------------------------
    def end_stream_row(self) -> None:
        if self.cur_unknown is not None and self.cur_unknown.values:
            self.unknown.append(self.cur_unknown)
        self.cur_unknown = None
        if self.cur is not None and self.cur_vals:
            k = len(self.cur.cols)
            if len(self.cur_vals) == REVIEW_WIDTH and self.cur.section == "review":
                self.offer_review([v.number for v in self.cur_vals])
            elif len(self.cur_vals) == k:
                self.offer(self.cur, [v.number for v in self.cur_vals])
            elif self.offer_run(self.cur, self.cur_vals, k):
                pass
            else:
                self.unaligned.append(self.cur.key)
        self.cur, self.cur_vals = None, []

    def flush_review(self) -> None:
        if len(self.review_buf) == REVIEW_WIDTH:
            self.offer_review([v.number for v in self.review_buf])
        elif self.review_buf and not self.offer_named([v.number for v in self.review_buf]):
            self.offer_run(None, self.review_buf, REVIEW_WIDTH)
        self.review_buf = []

    def is_continuation(self, text: str) -> bool:
        t = norm(text)
        return len(t) <= 12 and not _ENUM.match(t) and section_of(t) is None and not self.match(t)
