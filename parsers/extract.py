"""Document → template cells, by row label and column position.

Every reader gives tables as grids, but real grids are ragged (lost
``colspan``), split across pages, merged into one big table, or flattened to
one cell per line.  So the extractor walks all blocks in reading order as
*rows* and handles two shapes:

* grid rows (two or more cells): the row label is matched against the
  template; the value cells after it are fitted to the row's columns;
* stream tokens (paragraphs, one-cell rows): a label token opens a row and
  the number tokens after it fill it, in order, until the next label.

Values are always assigned by position in the template's column order, and
a row is only filled from cells of its own label: a lost row stays null.
The cost is one pass with a few regex tests per short cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.document import Document
from parsers.fuzzy import Unknown, looks_like_label, place
from parsers.headings import column_for_header, section_of
from parsers.labels import Value, norm, parse_value, split_label_numbers, split_numbers
from parsers.review import ReviewHeadings, groups_named
from parsers.rows import fit, iter_rows
from parsers.runs import unrun
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS, Row, cell_ids, rows

MAX_LABEL = 80  # a longer text is narrative, never a row label
_NOTE = re.compile(r"\([^()]*\)$|[:;,*]+$")
_ENUM = re.compile(r"^\(?[一二三四五六七八九十\d]{1,2}[)、.]")
REVIEW_WIDTH = len(REVIEW_GROUPS) * len(REVIEW_PARTS)
Number = int | float | None


@dataclass
class Extraction:
    """Cells of one template, plus what the extractor could not place."""

    template: str
    cells: dict[str, int | float | None]
    rows_found: set[str] = field(default_factory=set)
    unaligned: list[str] = field(default_factory=list)  # rows whose cells did not fit
    converted: list[str] = field(default_factory=list)  # cells written in 元, now 万元
    foreign: list[str] = field(default_factory=list)  # rows of the other template, with values
    runs: dict[str, bool] = field(default_factory=dict)  # run-together rows: split (or nulled)
    fuzzy: dict[str, str] = field(default_factory=dict)  # row → the label with a typo it had


class Extractor:
    """One pass over a document's rows; see the module docstring."""

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

    def token(self, text: str) -> None:
        if len(text.split()) > 1:
            split = split_label_numbers(text)
            if split is not None:
                # label words stay separate cells, like the label columns of a grid
                self.grid([*split[0].split(), *split[1]], None)
                return
        val = parse_value(text)
        if val is not None:
            if val.blank:
                return
            if self.cur is not None:
                self.cur_vals.append(val)
            elif self.cur_unknown is not None:
                self.cur_unknown.values.append((len(self.cur_unknown.values), val))
            elif self.section == "review":
                self.review_buf.append(val)
            return
        if self.cur is not None and not self.cur_vals and self.is_continuation(text):
            return  # the second line of a wrapped label (三安全一 / 稳定”)
        self.end_stream_row()
        before = self.section
        self.switch(text)
        if before == "review" and (self.section != "review" or groups_named(text)):
            self.flush_review()
        if self.section == "review":
            self.review_heads.note(text)
        self.cur = self.match(text)
        if (
            self.cur is None
            and self.section in ("proactive", "requests")
            and looks_like_label(text)
        ):
            self.cur_unknown = Unknown(text, [], len(self.order))

    def is_continuation(self, text: str) -> bool:
        t = norm(text)
        return len(t) <= 12 and not _ENUM.match(t) and section_of(t) is None and not self.match(t)

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

    # -- driver -------------------------------------------------------------
    def run(self, doc: Document) -> Extraction:
        for row_cells, table, stream in iter_rows(doc):
            if stream:
                text = next((t for t in row_cells if t and norm(t)), None)
                if text is not None:
                    self.token(text)
            else:
                self.grid(row_cells, table)
        self.end_stream_row()
        self.flush_review()
        self.place_unknown()
        cells: dict[str, int | float | None] = dict.fromkeys(cell_ids(self.template))
        for key, values in self.best.items():
            row = self.rows_by_key(key)
            for col, v in zip(row.cols, values, strict=False):
                cells[f"{key}.{col}"] = v
        found = {k for k, v in self.best.items() if any(x is not None for x in v)}
        unaligned = sorted(set(self.unaligned) - found)
        converted = [c for c in dict.fromkeys(self.converted) if cells.get(c) is not None]
        foreign = list(dict.fromkeys(self.foreign))
        ex = Extraction(self.template, cells, found, unaligned, converted, foreign)
        ex.runs = {k: v for k, v in self.runs.items() if k in self.best}
        ex.fuzzy = {k: v for k, v in self.fuzzy.items() if k in found}
        return ex

    def place_unknown(self) -> None:
        """Labels with a typo: placed only where one row clearly fits (``fuzzy``)."""
        filled = {k for k, v in self.best.items() if any(x is not None for x in v)}
        for row, u in place(self.unknown, self.order, self.rows, filled, self.template):
            k = len(row.cols)
            n_filled = sum(not v.blank for _, v in u.values)
            if k not in (n_filled, len(u.values)) or any(v.unit for _, v in u.values):
                continue  # values that fill the row's columns exactly, or none
            values = fit(u.values, k, None)
            self.section = row.section
            self.offer(row, values)
            self.fuzzy[row.key] = norm(u.label)


def extract(doc: Document, template: str) -> Extraction:
    return Extractor(template).run(doc)
