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

The extractor is built in layers: the matching of labels and the best reading
of each row in ``parsers.row_readings``, grid rows in ``parsers.grid_rows``;
stream tokens and the pass over a document are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.document import Document
from parsers.fuzzy import Unknown, looks_like_label, place
from parsers.grid_rows import GridRows
from parsers.labels import norm, parse_value, split_label_numbers
from parsers.review import groups_named
from parsers.rows import fit, iter_rows
from parsers.templates import cell_ids


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


class Extractor(GridRows):
    """One pass over a document's rows; see the module docstring."""

    # -- stream tokens ------------------------------------------------------
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
