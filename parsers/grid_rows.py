"""A grid row (two or more cells) fitted to its template row.

The row label is the last label cell that matches; the value cells after it
are fitted to the row's columns, by the header row's column map when one
precedes the row.  Rows without a matching label are the review row of table
四, or the values of a label that wrapped onto a line of its own.  Kept apart
from stream tokens (``parsers.extract``) because grids carry their own
layout: header rows, ragged cells, labels spread over several cells.  Built
on ``parsers.row_readings``, where the readings go.
"""

from __future__ import annotations

from parsers.fuzzy import Unknown, looks_like_label
from parsers.headings import column_for_header
from parsers.labels import Number, Value, norm, parse_value, split_numbers
from parsers.row_readings import REVIEW_WIDTH, RowReadings
from parsers.rows import fit
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS


class GridRows(RowReadings):
    """Grid rows read into the readings of ``RowReadings``."""

    # -- grid rows ----------------------------------------------------------
    def grid(self, cells: list[str | None], table: int | None) -> None:
        self.end_stream_row()
        if any(t and " " in t.strip() and t.strip()[-1].isdigit() for t in cells):
            cells = [part for t in cells for part in ([t] if t is None else split_numbers(t))]
        parsed = [(i, t, parse_value(t)) for i, t in enumerate(cells) if t is not None]
        labels = [(i, t) for i, t, v in parsed if v is None]
        if labels and all(v is None or v.blank for _, _, v in parsed):
            self.header_row(cells, labels)
        else:
            self.header_open = False
        for _, t in labels:
            self.switch(t)
            if self.section == "review":
                self.review_heads.note(t)
        found = None
        i = -1
        for i, t in reversed(labels):  # noqa: B007 - i is the matched cell's position
            found = self.match(t)
            if found is not None:
                break
        if found is None and len(labels) > 1:
            found = self.match("".join(t for _, t in labels))
            i = labels[-1][0]
        if found is not None and found.foreign and i != labels[-1][0]:
            found = None  # （六）其他处理 over a sub-row label that matched nothing
        start = i + 1 if found is not None else 0
        vals = [(p, v) for p, _, v in parsed if p >= start and v is not None]
        if found is None:
            if labels and self.section in ("proactive", "requests"):
                label = labels[-1][1]
                if looks_like_label(label) and any(not v.blank for _, v in vals):
                    self.unknown.append(Unknown(label, vals, len(self.order)))
            self.unlabelled(vals, " ".join(norm(t) for _, t in labels))
            return
        self.pending = None
        filled = sum(not v.blank for _, v in vals)
        if filled == 0:
            self.pending = found
            self.offer(found, [None] * len(found.cols))
            return
        if found.section == "review" and filled > len(found.cols):
            self.unlabelled(vals, "")  # 行政复议 | all 15 values
            return
        if any(v.unit == "元" for _, v in vals):
            amounts = [c for c in found.cols if c == "amount"] or list(found.cols)
            self.converted += [f"{found.key}.{c}" for c in amounts]
        if self.offer_run(found, [v for _, v in vals], len(found.cols)):
            return
        hdr = self.header if len(cells) == self.header_width else None
        if hdr is not None and found.section != self.header_section:
            hdr = None
        self.offer(found, fit(vals, len(found.cols), hdr))

    def unlabelled(self, vals: list[tuple[int, Value]], label: str) -> None:
        """A row of values whose label matched nothing: the review row (15
        values, or 10 after a 行政诉讼 label), or the values of the previous
        row whose label wrapped onto a line of its own (only when this row
        has no label at all: a row with an unknown label is never moved)."""
        pending, self.pending = self.pending, None
        if not any(not v.blank for _, v in vals):
            return
        if self.section == "review":
            width = 2 * len(REVIEW_PARTS) if "诉讼" in label else REVIEW_WIDTH
            if self.offer_run(None, [v for _, v in vals], width):
                return
        review = fit(vals, REVIEW_WIDTH, None) if len(vals) >= REVIEW_WIDTH else None
        if review is not None:
            self.offer_review(review)
            return
        if "诉讼" in label and self.section == "review":
            lit = fit(vals, 2 * len(REVIEW_PARTS), None)
            if lit is not None:
                none: list[Number] = [None] * len(REVIEW_PARTS)
                self.offer_review(none + lit, skip_first=True)
            return
        if self.section == "review" and not label:
            numbers = [v.number for _, v in vals if not v.blank]
            if self.offer_named(numbers):
                return
        if pending is not None and not label:
            self.offer(pending, fit(vals, len(pending.cols), None))
        elif self.section == "review" and len(vals) > len(REVIEW_PARTS):
            self.unaligned.extend(REVIEW_GROUPS)  # a review row that fits no layout

    def header_row(self, cells: list[str | None], labels: list[tuple[int, str]]) -> None:
        found: dict[int, int] = {}
        section = None
        for i, t in labels:
            hit = column_for_header(norm(t), self.template)
            if hit is not None:
                section, col = hit
                found[i] = col
        if not found:
            return
        same_block = section == self.header_section and len(cells) == self.header_width
        if not (self.header_open and same_block):
            self.header = {}
        self.header_open = True
        self.header.update(found)
        self.header_width = len(cells)
        self.header_section = section
