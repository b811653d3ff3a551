"""Report variants that reshape the seed's tables, as real portals publish them.

Each is a step for a ``Variant`` (``builders_variants``), a function on the
table list run before any builder lays the tables out:

* ``one_table``: 二、三、四 in one big table, the headings as full-width rows;
* ``split``: the requests table cut in two (续表), the header repeated or not;
* ``merge_blanks``: runs of blank value cells merged into one cell;
* ``proactive_apart``: 二 as one small table per 第二十条 item;
* ``flat_header``: the requests header in one row, without its merged cells;
* ``review_rows``: 四 with one row per kind of case.
"""

from __future__ import annotations

from tests.parsers.builders import positions
from tests.parsers.builders_variants import Cell, rebuilt
from tests.parsers.templates import APPLICANT_HEADS, Builder


def _from_positions(cells: list[tuple], n_rows: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for r, _c, rs, cs, text in sorted(cells, key=lambda x: (x[0], x[1])):
        rows[r].append((text, rs, cs))
    return rows


def _widen(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    """Widen a table to ``width`` columns: a narrow table's label cells grow
    (the values keep narrow columns), a wide one's cell at the right edge."""
    cells, w = positions(rows)
    grown = []
    for r, c, rs, cs, text in cells:
        if w <= 4:
            if c == 0:
                cs += width - w
            else:
                c += width - w
        elif c + cs == w:
            cs += width - w
        grown.append((r, c, rs, cs, text))
    return _from_positions(grown, len(rows))


def one_table(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """二、三、四 in one table of the widest table's width, headings as rows."""
    width = max(positions(b.rows)[1] for _, b in tables)
    rows: list[list[Cell]] = []
    for heading, b in tables:
        rows.append([(heading, 1, width)])
        rows += _widen(b.rows, width)
    first = tables[0][1]
    return [("", rebuilt(first, rows))]


def split(repeat_header: bool, at: str = "4.保护第三方合法权益"):
    """Cut the requests table before the row labelled ``at``; merged cells
    that ran over the cut start again in the second part."""

    def step(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
        out = []
        for heading, b in tables:
            texts = [[t for t, _, _ in row] for row in b.rows]
            cut = next((i for i, row in enumerate(texts) if any(at in t for t in row)), None)
            if cut is None:
                out.append((heading, b))
                continue
            cells, _ = positions(b.rows)
            first = [(r, c, min(rs, cut - r), cs, t) for r, c, rs, cs, t in cells if r < cut]
            second = [(r - cut, c, rs, cs, t) for r, c, rs, cs, t in cells if r >= cut]
            second += [(0, c, r + rs - cut, cs, t) for r, c, rs, cs, t in cells if r < cut < r + rs]
            head = 3 if repeat_header else 0
            second = [x for x in cells if x[0] < head] + [
                (r + head, c, rs, cs, t) for r, c, rs, cs, t in second
            ]
            n2 = len(b.rows) - cut + head
            out.append((heading, rebuilt(b, _from_positions(first, cut))))
            out.append(("", rebuilt(b, _from_positions(second, n2))))
        return out

    return step


def merge_blanks(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """Runs of blank value cells merged into one cell, as editors tidy a table."""
    out = []
    for heading, b in tables:
        rows = []
        for row in b.rows:
            merged: list[Cell] = []
            for t, rs, cs in row:
                last = merged[-1] if merged else None
                if not t and last is not None and not last[0] and last[1] == rs == 1:
                    merged[-1] = ("", 1, last[2] + cs)
                else:
                    merged.append((t, rs, cs))
            rows.append(merged)
        out.append((heading, rebuilt(b, rows)))
    return out


def proactive_apart(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """二 as one small table per 第二十条 item, each after its item as a paragraph."""
    heading, b = tables[0]
    out: list[tuple[str, Builder]] = []
    current: list[list[Cell]] = []
    title = heading
    for row in b.rows:
        if len(row) == 1 and row[0][0].startswith("第二十条"):
            if current:
                out.append((title, rebuilt(b, current)))
                title = ""
            title = f"{title}\n{row[0][0]}".strip() if title else row[0][0]
            current = []
            continue
        current.append(row)
    out.append((title, rebuilt(b, current)))
    # the first paragraph carries the part heading before the item
    return [(h.split("\n")[-1] if i else h, t) for i, (h, t) in enumerate(out)] + tables[1:]


def flat_header(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """The requests header in one row, without the merged 申请人情况 / 法人或其他组织."""
    out = []
    for heading, b in tables:
        if b.rows and "勾稽关系" in b.rows[0][0][0]:
            rows = [[("项目", 1, 3), *[(h, 1, 1) for h in APPLICANT_HEADS]], *b.rows[3:]]
            b = rebuilt(b, rows)
        out.append((heading, b))
    return out


def review_rows(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """四 laid out with one row per kind of case (行政复议, 直接起诉, 复议后起诉)."""
    heading, b = tables[-1]
    values = b.rows[-1]
    rows: list[list[Cell]] = [
        [
            ("项目", 1, 2),
            *[(h, 1, 1) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")],
        ]
    ]
    labels = [[("行政复议", 1, 2)], [("行政诉讼", 2, 1), ("未经复议直接起诉", 1, 1)]]
    labels.append([("复议后起诉", 1, 1)])
    for k, lead in enumerate(labels):
        rows.append([*lead, *values[5 * k : 5 * k + 5]])
    return [*tables[:-1], (heading, rebuilt(b, rows))]
