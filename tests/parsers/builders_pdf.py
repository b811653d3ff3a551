"""A second PDF generator: reportlab, tables without ruling lines, CID font.

LibreOffice PDFs have ruled tables with embedded TrueType subsets; many
portal PDFs come from other tools and draw tables with no lines at all.
This builder uses reportlab's built-in ``STSong-Light`` CJK font (no font
file needed) and draws the same tables with no grid, so the reader has to
find rows from word positions.
"""

from __future__ import annotations

import io

from tests.parsers.builders import Seed
from tests.parsers.builders import positions as cell_positions


def build_reportlab_pdf(seed: Seed) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=15, leading=22, alignment=1)
    story = [Paragraph(seed.title, head), Spacer(1, 4 * mm)]
    story += [Paragraph(p, body) for p in seed.intro]
    for heading, builder in seed.tables:
        if heading:
            story.append(Paragraph(heading, body))
        cells, width = cell_positions(builder.rows)
        grid = [[""] * width for _ in builder.rows]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for r, c, rs, cs, text in cells:
            grid[r][c] = Paragraph(text, cell) if len(text) > 6 else text
            if rs > 1 or cs > 1:
                style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        widths = _widths(width, len(builder.rows))
        story.append(
            Table(grid, colWidths=widths, style=TableStyle(style), repeatRows=0, splitInRow=1)
        )
        story.append(Spacer(1, 4 * mm))
    story += [Paragraph(p, body) for p in seed.outro]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), title=seed.title, topMargin=30, bottomMargin=30
    )
    doc.build(story)
    return buf.getvalue()


def _widths(n: int, n_rows: int) -> list[float]:
    """Label columns wide enough that most labels fit on one line."""
    if n == 15 and n_rows > 10:  # 二、三、四 in one table
        return [64, 64, 120] + [40] * 12
    if n == 4:
        return [220, 140, 140, 140]
    if n == 10:
        return [60, 70, 170] + [56] * 7
    return [48] * n
