"""Report variants that keep the seed's table shapes: other words, values and markup.

A variant rewrites the seed's three official tables (``templates``) before
any builder lays them out, so the same variant becomes an HTML page, a
DOCX, a LibreOffice PDF and a reportlab PDF.  This module holds the
``Variant`` itself and the rewrites that change only the cells' text:

* ``wording``: other header and label wordings (合计, 维持, 项目 …);
* ``slash_blanks``: blank cells written as ``/``;
* ``fullwidth``: numbers in full-width digits.

Rewrites that change the tables' shapes (one table, a split, merged blanks,
a flat header, ...) are in ``builders_variant_shapes``.  Blank cells come
from ``variants.with_blanks``; HTML markup variants (``th`` headers,
``&nbsp;`` blanks, spans and ``<br>`` in cells, every cell its own
paragraph) are table writers for ``build_html``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from tests.parsers.builders import Seed
from tests.parsers.templates import Builder

Cell = tuple[str, int, int]

#: header and label wordings seen on portals, for the template's own words
WORDING = {
    "信息内容": "项目",
    "本年新制作数量": "本年新制作数",
    "对外公开总数量": "对外公开总数",
    "处理决定数量": "本年处理决定数",
    "本年制发件数": "本年制发件数（件）",
    "现行有效件数": "现行有效件数（件）",
    "社会公益组织": "公益组织",
    "结果维持": "维持",
    "结果纠正": "纠正",
    "其他结果": "其他",
    "总计": "合计",
    "（七）总计": "（七）合计",
    "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数",
    "二、上年结转政府信息公开申请数量": "二、上年结转政府信息公开申请数",
    "四、结转下年度继续办理": "四、结转下年度继续办理数",
    "3.危及“三安全一稳定”": "3.危及“三安全 一稳定”",
    "（一）予以公开": "(一)予以公开",
}


@dataclass
class Variant(Seed):
    """A seed whose tables are rewritten by ``steps`` (functions on the table list)."""

    steps: list = field(default_factory=list)
    label: str = ""

    @property
    def tables(self) -> list[tuple[str, Builder]]:
        out = super().tables
        for step in self.steps:
            out = step(out)
        return out


def variant(seed: Seed, label: str, *steps) -> Variant:
    return Variant(seed.name, seed.expected, seed.title, seed.intro, seed.outro, list(steps), label)


def rebuilt(b: Builder, rows: list[list[Cell]]) -> Builder:
    out = Builder(b.cells)
    out.rows, out.checks = rows, b.checks
    return out


def wording(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    return [
        (h, rebuilt(b, [[(WORDING.get(t, t), rs, cs) for t, rs, cs in row] for row in b.rows]))
        for h, b in tables
    ]


def _values(tables: list[tuple[str, Builder]], change) -> list[tuple[str, Builder]]:
    out = []
    for heading, b in tables:
        rows = []
        for row in b.rows:
            numeric = any(t and t.lstrip("+-").replace(".", "").isdigit() for t, _, _ in row)
            rows.append([(change(t) if numeric else t, rs, cs) for t, rs, cs in row])
        out.append((heading, rebuilt(b, rows)))
    return out


def slash_blanks(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """Blank cells written as ``/`` (a null mark: a place, no value)."""
    return _values(tables, lambda t: t or "/")


def fullwidth(tables: list[tuple[str, Builder]]) -> list[tuple[str, Builder]]:
    """Numbers in full-width digits, as some editors type them."""
    table = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
    return _values(tables, lambda t: t.translate(table))


def html_table_th(b: Builder) -> str:
    """Header rows in ``<th>``, blanks as ``&nbsp;``, values in styled spans,
    long labels broken by ``<br>``, widths and classes as editors leave them."""
    out = ['<TABLE width="100%" style="border-collapse:collapse"><TBODY>']
    for row in b.rows:
        header = not any(t.strip().lstrip("+-").replace(".", "").isdigit() for t, _, _ in row)
        tag = "th" if header else "td"
        tds = []
        for t, rs, cs in row:
            if not t:
                inner = "&nbsp;"
            elif len(t) > 8 and not header:
                half = len(t) // 2
                inner = f"{html.escape(t[:half])}<br/>{html.escape(t[half:])}"
            else:
                inner = f'<span style="font-size:12px;font-family:宋体">{html.escape(t)}</span>'
            span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f'<{tag}{span} valign="middle" width="60">{inner}</{tag}>')
        out.append(f"<TR>{''.join(tds)}</TR>")
    out.append("</TBODY></TABLE>")
    return "\n".join(out)


def html_cells_as_lines(b: Builder) -> str:
    """Every cell its own ``<p>`` (a Word table pasted without its grid);
    blank cells stay as empty paragraphs."""
    out = []
    for row in b.rows:
        for t, _, _ in row:
            out.append(f"<p>{html.escape(t)}</p>" if t else "<p>&nbsp;</p>")
    return "\n".join(out)
