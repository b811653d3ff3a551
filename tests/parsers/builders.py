"""Build real report files (HTML, DOCX, PDF, scan) from a seed's text and expected.json.

The seeds are text dumps; the readers must be tested on the formats the
portals actually serve.  Each builder lays out the seed's prose and the
official tables (see ``templates``) with the merged header cells of the
templates, so a reader test can compare the cells it finds with the
hand-checked values.
"""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.parsers.seed_files import SEEDS  # noqa: E402  (the shared seeds, else the copies)
from tests.parsers.templates import Builder, tables


@dataclass
class Seed:
    name: str
    expected: dict[str, Any]
    title: str
    intro: list[str]
    outro: list[str]

    @property
    def tables(self) -> list[tuple[str, Builder]]:
        return tables(self.expected)


def load_seeds() -> list[Seed]:
    seeds = []
    for path in sorted(SEEDS.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        expected = json.loads(path.read_text(encoding="utf-8"))
        lines = [
            ln.strip()
            for ln in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and "\t" not in ln
        ]
        start = next(i for i, ln in enumerate(lines) if ln.startswith("二、主动公开"))
        end = next(i for i, ln in enumerate(lines) if i > start and ln.startswith(("五、", "六、")))
        seeds.append(Seed(name, expected, lines[0], lines[1:start], lines[end:]))
    return seeds


def _html_table(b: Builder) -> str:
    out = ['<table border="1" cellspacing="0" class="MsoTableGrid">']
    for row in b.rows:
        tds = "".join(
            f'<td rowspan="{rs}" colspan="{cs}"><p>{html.escape(t)}</p></td>' for t, rs, cs in row
        )
        out.append(f"<tr>{tds}</tr>")
    out.append("</table>")
    return "\n".join(out)


def build_html(
    seed: Seed,
    encoding: str = "utf-8",
    declare: bool = True,
    table: Callable[[Builder], str] = _html_table,
) -> bytes:
    """A portal article page: chrome around the article, meta tags as TRS sites set them.

    ``table`` writes one table's markup (variants write other markup)."""
    charset = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    published = seed.expected.get("published")
    parts = [
        "<!DOCTYPE html><html><head>",
        charset if declare else "",
        f'<meta name="ArticleTitle" content="{html.escape(seed.title)}">',
        f'<meta name="PubDate" content="{published} 09:30">' if published else "",
        f"<title>{html.escape(seed.title)}_政府信息公开</title></head><body>",
        '<div class="header"><ul class="nav"><li>首页</li><li>政府信息公开年报</li></ul></div>',
        '<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年报</div>',
        '<div class="article"><h1>' + html.escape(seed.title) + "</h1>",
        *(f"<p>{html.escape(p)}</p>" for p in seed.intro),
    ]
    for heading, builder in seed.tables:
        if heading:
            parts.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        parts.append(table(builder))
    parts += [f"<p>{html.escape(p)}</p>" for p in seed.outro]
    parts.append('</div><div class="footer">版权所有 网站标识码 主办单位</div></body></html>')
    return "\n".join(parts).encode(encoding, errors="xmlcharrefreplace")


def positions(
    rows: list[list[tuple[str, int, int]]],
) -> tuple[list[tuple[int, int, int, int, str]], int]:
    """Absolute ``(r, c, rowspan, colspan, text)`` of every cell, laid out like HTML."""
    taken: set[tuple[int, int]] = set()
    out, width = [], 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, rs, cs, text))
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
            width = max(width, c)
    return out, width


def build_docx(seed: Seed, only_tables: int | None = None) -> bytes:
    """A Word file as a 政务公开 office writes it: merged header cells, grid borders."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.core_properties.title = seed.title
    doc.add_heading(seed.title, level=1)
    for p in seed.intro:
        doc.add_paragraph(p)
    for heading, builder in seed.tables[:only_tables]:
        if heading:
            doc.add_paragraph(heading)
        cells, width = positions(builder.rows)
        table = doc.add_table(rows=len(builder.rows), cols=width)
        table.style = "Table Grid"
        # the grid's cells listed once: ``table.cell`` lists them all on every call, and
        # a template's tables have hundreds (a second a document); spans never overlap,
        # so a merge leaves the corners of the others in place
        grid = table._cells
        for r, c, rs, cs, text in cells:
            cell = grid[r * width + c]
            if rs > 1 or cs > 1:
                cell = cell.merge(grid[(r + rs - 1) * width + c + cs - 1])
            cell.text = text
    for p in seed.outro:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def libreoffice_convert(files: dict[str, bytes], target: str) -> dict[str, bytes]:
    """Convert all files in one LibreOffice call (it is slow to start), private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "src"), Path(tmp, "out")
        src.mkdir()
        for name, data in files.items():
            (src / name).write_bytes(data)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *sorted(str(src / n) for n in files),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        ext = target.split(":")[0]
        return {n: (out / f"{Path(n).stem}.{ext}").read_bytes() for n in files}


def render_scan(pdf: bytes, page: int = 0, dpi: int = 200) -> bytes:
    """One PDF page as a PNG, as a scanner would deliver it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=dpi / 72).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
