"""Hostile HTML pages and images, made by code, and the files of no type at all.

Pages that cost time or memory to read (a report-like page of many MiB,
colspans that make a grid of billions of positions, tables nested 50000
deep, a page over the size limit), images that cost OCR (a 20000 × 20000
PNG, a TIFF of many frames), an empty file and binary noise.  Every
generator returns the file's bytes.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

# --- HTML ----------------------------------------------------------------------------------


def html_big(mb: int, seed: int = 0) -> bytes:
    """A report-like page of ``mb`` MiB: paragraphs, nested divs and small tables."""
    rnd = random.Random(seed)
    parts = ["<html><head><title>2020年政府信息公开工作年度报告</title></head><body>"]
    size = 0
    words = ["政府信息", "公开", "申请", "行政许可", "办理", "情况", "年度", "报告"]
    while size < mb << 20:
        kind = rnd.random()
        if kind < 0.6:
            chunk = "<p>" + "".join(rnd.choice(words) for _ in range(40)) + "</p>"
        elif kind < 0.8:
            chunk = "<div class='c'>" * 20 + "文字" + "</div>" * 20
        else:
            cells = "".join(f"<td>{rnd.randint(0, 999)}</td>" for _ in range(6))
            chunk = "<table>" + f"<tr><td>行政许可</td>{cells}</tr>" * 5 + "</table>"
        parts.append(chunk)
        size += len(chunk.encode())
    parts.append("</body></html>")
    return "".join(parts).encode()


def html_colspan_grid(rows: int = 3000) -> bytes:
    """Rows of cells each spanning 1000 columns: a grid of billions of positions."""
    row = "<tr>" + '<td colspan="1000">x</td>' * 3 + "</tr>"
    return f"<html><body><table>{row * rows}</table></body></html>".encode()


def html_deep() -> bytes:
    """Tables nested 50000 deep, never closed (the walker recurses per level)."""
    return b"<html><body>" + b"<div><table><tr><td>" * 50_000 + b"x"


def html_huge(mb: int = 22) -> bytes:
    """A page over the HTML size limit, cheap to make."""
    return b"<html><body>" + b"<p>x</p>" * (mb * (1 << 20) // 8)


# --- images --------------------------------------------------------------------------------


def png_huge(side: int = 20000) -> bytes:
    """A 1-bit 20000 × 20000 PNG: 400 million pixels in a few hundred kilobytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (side // 8)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def tiff_many_frames(n: int = 40) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (64, 64), 255) for _ in range(n)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


# --- no type -------------------------------------------------------------------------------


def binary() -> bytes:
    return bytes(range(256)) * 16


def empty() -> bytes:
    return b""
