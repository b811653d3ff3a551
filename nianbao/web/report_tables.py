"""A version's cells put into the printed form, each cell with what the checks said of it.

The page draws tables 二、三、四 exactly as ``parsers.form_tables`` lays them out;
this module only fills the value places and marks them: a failed rule of the
form (red), a soft cross-year flag (amber), a cell the document lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nianbao.web.labels import HARD, cell_label, flag_text
from parsers.form_tables import FormTable, form_tables

#: flags that name cells worth marking one by one (missing cells show as "—" anyway)
MARKED = HARD | {"yoy_outlier", "unaligned_row"}


@dataclass
class Shown:
    """One cell of a table as drawn: text, spans, and the marks of its value."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    cell: str | None = None
    value: Any = None
    marks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    template: str | None = None

    @property
    def css(self) -> str:
        classes = ["num"] if self.cell else ["label"]
        if self.cell and self.value is None:
            classes.append("blank")
        classes += [f"flag-{m}" for m in self.marks]
        if any(m in HARD for m in self.marks):
            classes.append("failed")
        elif "sum_part" in self.marks:
            classes.append("part")
        elif self.marks:
            classes.append("soft")
        return " ".join(classes)

    @property
    def title(self) -> str:
        if not self.cell:
            return ""
        return "\n".join([f"{cell_label(self.cell, self.template)}（{self.cell}）", *self.notes])


def _notes(
    flags: list[dict[str, Any]], cells: dict[str, Any], template: str | None
) -> dict[str, list[tuple[str, str]]]:
    by_cell: dict[str, list[tuple[str, str]]] = {}
    for flag in flags:
        if flag.get("code") not in MARKED:
            continue
        text = flag_text(flag, cells, template)
        for i, cell in enumerate(flag.get("cells") or []):
            # a sum rule names its total first: that cell failed, the others are its parts
            code = "sum_part" if flag["code"] == "sum_mismatch" and i else str(flag["code"])
            by_cell.setdefault(str(cell), []).append((code, text))
    return by_cell


def filled_tables(
    report: dict[str, Any], extra_flags: list[dict[str, Any]] | None = None
) -> list[tuple[FormTable, list[list[Shown]], list[list[Shown]]]]:
    """(table, head rows, body rows) of the report's template, values and marks filled in."""
    template = report.get("template") or "2019"
    cells = report.get("cells") or {}
    notes = _notes([*(report.get("flags") or []), *(extra_flags or [])], cells, template)

    def show(rows: tuple[tuple[Any, ...], ...]) -> list[list[Shown]]:
        out = []
        for row in rows:
            drawn = []
            for c in row:
                found = notes.get(c.cell, []) if c.cell else []
                drawn.append(
                    Shown(
                        c.text,
                        c.rowspan,
                        c.colspan,
                        c.cell,
                        cells.get(c.cell) if c.cell else None,
                        sorted({code for code, _ in found}),
                        [text for _, text in found],
                        template,
                    )
                )
            out.append(drawn)
        return out

    return [(t, show(t.head), show(t.body)) for t in form_tables(template)]
