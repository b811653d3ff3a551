"""PDFs whose tall merged group label (三、本年度办理结果) is written top to bottom.

Real portal PDFs set the group label of the result rows in one tall merged
cell, in one of three ways, and each puts its characters at the heights of
the row labels beside it:

* ``stacked``: a horizontal font, one character per line (a narrow cell);
* ``vfont``: a vertical CJK font (``UniGB-UCS2-V``, Identity-V style): one
  string whose glyphs advance downwards;
* ``rotated``: the label as one line turned by 90° (Word's "rotate text").

``ruled`` draws the grid; without it the reader has only word positions;
``"open"`` leaves out the rule between the group label and the row labels.
The rest of the report is the seed's, laid out as ``builders_pdf`` does.
"""

from __future__ import annotations

import io

from tests.parsers.builders import Seed
from tests.parsers.builders import positions as cell_positions
from tests.parsers.builders_pdf import _widths

GROUP = "三、本年度办理结果"
MODES = ("stacked", "vfont", "rotated")
FONT = "STSong-Light"
VFONT = "STSong-Light-V"


def _vertical_label(text: str, mode: str, size: float = 9, spread: float = 0):
    from reportlab.platypus import Flowable

    class VerticalLabel(Flowable):  # type: ignore[misc]
        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.width = size
            self.height = max(len(text) * size + 2, spread)
            return self.width, self.height

        def draw(self) -> None:
            c = self.canv
            top = self.height - 1
            left = 0.25
            if mode == "stacked":
                c.setFont(FONT, size)
                step = (self.height - 2) / len(text)  # spread: distributed over the cell
                for i, ch in enumerate(text):
                    c.drawString(left, top - i * step - size + 1.5, ch)
            elif mode == "vfont":
                c.setFont(VFONT, size)
                c.drawString(left + size / 2, top, text)
            else:
                c.saveState()
                c.setFont(FONT, size)
                c.translate(left + size * 0.12, top)  # glyphs rise to the right
                c.rotate(-90)  # reads top to bottom
                c.drawString(0, 0, text)
                c.restoreState()

    return VerticalLabel()


def _open_rules(first: int, last: int, n_rows: int, width: int) -> list[tuple]:
    """Rules of every cell but the group label's right edge: the label and the
    row labels beside it share one ruled cell per row (a rule the publisher's
    tool left out), so only the characters' positions can tell them apart."""
    black = (0, 0, 0)
    out: list[tuple] = [("BOX", (0, 0), (-1, -1), 0.5, black)]
    for r in range(n_rows):
        out.append(("LINEBELOW", (0, r), (-1, r), 0.5, black))
    for c in range(width - 1):
        if c == 0:
            out.append(("LINEAFTER", (0, 0), (0, first - 1), 0.5, black))
            out.append(("LINEAFTER", (0, last + 1), (0, n_rows - 1), 0.5, black))
        else:
            out.append(("LINEAFTER", (c, 0), (c, -1), 0.5, black))
    return out


def build_vertical_pdf(
    seed: Seed, mode: str, ruled: bool | str = True, tight: bool = False, spread: float = 0
) -> bytes:
    """``tight``: the group label's column is no wider than its characters and
    the row labels start right at its edge (no padding), so that on a line the
    label's character and the row label's first character touch.  ``spread``:
    the stacked characters are distributed over this height (分散对齐), so
    that each lies on the line of another row label."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    vfont = UnicodeCIDFont(FONT, isVertical=True)
    vfont.name = vfont.fontName = VFONT
    pdfmetrics.registerFont(vfont)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=15, leading=22, alignment=1)
    story = [Paragraph(seed.title, head), Spacer(1, 4 * mm)]
    story += [Paragraph(p, body) for p in seed.intro]
    for heading, builder in seed.tables:
        if heading.startswith("三"):
            story.append(PageBreak())  # the tall merged cell must not be split
        story.append(Paragraph(heading, body))
        cells, width = cell_positions(builder.rows)
        grid: list[list[object]] = [[""] * width for _ in builder.rows]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        group = next(((r, rs) for r, c, rs, cs, t in cells if t == GROUP), None)
        if ruled == "open" and group is not None:
            style += _open_rules(group[0], group[0] + group[1] - 1, len(builder.rows), width)
        elif ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
        for r, c, rs, cs, text in cells:
            if text == GROUP:
                grid[r][c] = _vertical_label(text, mode, spread=spread)
            else:
                grid[r][c] = Paragraph(text, cell) if len(text) > 6 else text
            if rs > 1 or cs > 1:
                style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        widths = _widths(width, len(builder.rows))
        if width == 10:
            widths = [22, 70, 208] + [56] * 7  # a narrow group-label column
            if tight:
                widths[0] = 9.5
                style += [("LEFTPADDING", (0, 0), (1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 0)]
        story.append(Table(grid, colWidths=widths, style=TableStyle(style)))
        story.append(Spacer(1, 4 * mm))
    story += [Paragraph(p, body) for p in seed.outro]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), title=seed.title, topMargin=30, bottomMargin=30
    )
    doc.build(story)
    return buf.getvalue()
