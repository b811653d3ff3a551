"""Scans: render (pypdfium2), recognise (tesseract ``chi_sim+eng``), rebuild rows.

Tesseract gives words with boxes, not tables.  Rows are rebuilt from the
boxes the same way as for borderless PDF tables (``layout``): a line whose
words fall apart at wide gaps is a row of cells.  Pages are rendered at
200 dpi, where ``chi_sim`` reads well, and read with ``--psm 6`` (one
uniform block), which keeps the cells of a row on one line.  A scan from
which no table row can be rebuilt is an error, not an empty report.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator

from PIL import Image

from parsers.document import Document, Table
from parsers.errors import ParseError
from parsers.limits import check_cpu, current, too_complex, too_large
from parsers.readers import docmeta
from parsers.readers.columns import align_all
from parsers.readers.grid import clean_cell
from parsers.readers.layout import Line, Word, blocks_from_lines, group_lines
from parsers.readers.ocr_signs import restore_minus

DPI = 200
LANG = "chi_sim+eng"
CONFIG = "--psm 6"
_RULE = re.compile(r"^[|\[\]_丨¦‖｜/\\]+$")
_DIGITISH = re.compile(r"^[+\-]?[0-9OoDQIl|]+$")
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1"})


def _check_tesseract() -> None:
    if not shutil.which("tesseract"):
        raise ParseError("scanned document needs OCR, but tesseract is not installed")
    import pytesseract

    if "chi_sim" not in pytesseract.get_languages(config=""):
        raise ParseError("scanned document needs OCR, but tesseract has no chi_sim data")


def _fix_cell(text: str) -> str:
    """Tesseract reads 0 as O and 1 as l in number cells; only fix cells of digits."""
    stripped = text.strip("“”\"'‘’`,.，。:：;；")
    if stripped and _DIGITISH.match(stripped):
        text = stripped
    if _DIGITISH.match(text) and any(ch.isdigit() for ch in text):
        return text.translate(_DIGIT_FIX)
    if text in ("O", "o"):
        return "0"
    return text


def ocr_blocks(image: Image.Image, page: int | None = None, dpi: int = DPI) -> list[str | Table]:
    """Paragraphs and rebuilt tables of one page image."""
    import numpy as np
    import pytesseract

    from parsers.readers.ocr_grid import erase, find_rules, grid_rows

    _check_tesseract()
    gray = np.asarray(deskew(image.convert("L")))
    rules = find_rules(gray, dpi)
    if rules.found():
        gray = erase(gray, rules)
    data = pytesseract.image_to_data(
        Image.fromarray(gray), lang=LANG, config=CONFIG, output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or _RULE.match(text) or float(data["conf"][i]) < 0:
            continue
        x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
        words.append(Word(x, x + w, y, y + h, text))
    if not words:
        return []
    restore_minus(gray, words)
    tables, words = grid_rows(rules, words) if rules.found() else ([], words)
    placed: list[tuple[float, str | Table]] = []
    for top, _bottom, rows in tables:
        rows = [[_fix_cell(clean_cell(c)) for c in row] for row in rows]
        placed.append((top, Table(rows=rows, page=page)))
    lines = group_lines(words)
    for line in lines:
        for cell in line.cells:
            cell.text = _fix_cell(cell.text)
    right = max((ln.x1 for ln in lines), default=0)
    cuts = sorted(t for t, _ in placed)
    groups: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        groups[sum(ln.top > c for c in cuts)].append(ln)
    for group in groups:
        for k, block in enumerate(blocks_from_lines(group, page, right) if group else []):
            placed.append((group[0].top + k * 1e-3, block))
    placed.sort(key=lambda x: x[0])
    return [b for _, b in placed]


def deskew(image: Image.Image) -> Image.Image:
    """Straighten a page scanned at a slight angle (up to 3 degrees).

    Ruling lines and text lines are horizontal only on a straight page; the
    angle whose rows of ink are most uneven (sharpest line profile) wins,
    first in steps of 0.2 degrees, then of 0.05 around the best.
    """
    small = image.reduce(4) if min(image.size) > 800 else image
    # binarise first and rotate with NEAREST, so every angle is blurred alike
    ink = small.point(lambda v: 255 if v < 160 else 0)
    best = max((t / 10 for t in range(-30, 31, 2)), key=lambda a: _sharpness(ink, a))
    best = max((best + k / 20 for k in range(-4, 5)), key=lambda a: _sharpness(ink, a))
    if abs(best) < 0.1:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _sharpness(ink: Image.Image, angle: float) -> float:
    import numpy as np

    rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    profile = (np.asarray(rotated) > 0).sum(axis=1).astype(float)
    return float(np.square(np.diff(profile)).sum())


def render_pdf_pages(
    data: bytes, pages: list[int] | None = None
) -> Iterator[tuple[int, Image.Image]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(f"corrupt PDF ({exc})") from None
    most = current().render_pixels
    for n in pages if pages is not None else range(len(pdf)):
        page = pdf[n]
        width, height = page.get_size()
        # a huge page is rendered smaller, never as a 40000² image
        scale = min(DPI / 72, (most / max(1.0, width * height)) ** 0.5)
        yield n, page.render(scale=scale, grayscale=True).to_pil()


def read_pdf_page(data: bytes, n: int) -> list[str | Table]:
    """One page of a PDF whose text layer is missing or unreadable."""
    _check_tesseract()
    for _, image in render_pdf_pages(data, [n]):
        return ocr_blocks(image, n)
    return []


def read_image(data: bytes) -> Document:
    """A scanned page (PNG, JPEG, multi-page TIFF) as a Document."""
    from PIL import ImageSequence, UnidentifiedImageError

    _check_tesseract()
    limits = current()
    try:
        image = Image.open(io.BytesIO(data))
        _check_pixels(image.size, limits.image_pixels)
        image.load()
    except Image.DecompressionBombError as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{pixels.group(1)} pixels" if pixels else "too many pixels"
        raise too_large(f"an image of {size} (limit {limits.image_pixels} pixels)") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ParseError(f"corrupt or truncated image ({exc})") from None
    frames = getattr(image, "n_frames", 1)
    if frames > limits.ocr_pages:
        raise too_complex(f"an image of {frames} pages to OCR (limit {limits.ocr_pages})")
    blocks: list[str | Table] = []
    for n, frame in enumerate(ImageSequence.Iterator(image)):
        check_cpu(f"OCR of image page {n + 1}")
        _check_pixels(frame.size, limits.image_pixels)
        blocks.extend(ocr_blocks(_at_dpi(frame), n))
    return scan_document(blocks, "scan")


def _check_pixels(size: tuple[int, int], most: int) -> None:
    if size[0] * size[1] > most:
        raise too_large(f"an image of {size[0]} × {size[1]} pixels (limit {most} pixels)")


def _at_dpi(image: Image.Image) -> Image.Image:
    """Scale very large scans down to about 200 dpi; tesseract is slower, not better, above."""
    width = image.size[0]
    if width > 2600:
        ratio = 2400 / width
        image = image.resize((int(width * ratio), int(image.size[1] * ratio)))
    return image


def scan_document(blocks: list[str | Table], source_format: str) -> Document:
    if not blocks:
        raise ParseError("OCR found no text in the scan")
    if not any(isinstance(b, Table) for b in blocks):
        raise ParseError("OCR read the scan's text but could not rebuild any table rows from it")
    warnings = ["read by OCR"]
    blocks = align_all(blocks, warnings)
    text = "\n".join(b for b in blocks if isinstance(b, str))
    doc = Document(blocks=blocks, text=text, source_format=source_format, warnings=warnings)
    return docmeta.fill(doc)
