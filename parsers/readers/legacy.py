"""Legacy Word (.doc) and Kingsoft WPS files: LibreOffice to DOCX, antiword as fallback.

LibreOffice reads both formats, keeps merged cells and hands back a DOCX
that the DOCX reader already understands.  Every call gets its own profile
directory: two conversions sharing one profile fail silently.  Where
LibreOffice is missing or fails, antiword still gets the text and the
tables (as ``|``-separated rows, merged cells lost); it needs the UTF-8
map or every Chinese character comes out as ``?``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from parsers.document import Document, Table
from parsers.errors import ParseError
from parsers.readers import docmeta
from parsers.readers.grid import clean_cell
from parsers.readers.lines import recover_tables

TIMEOUT = 120


def read(data: bytes, kind: str = "doc") -> Document:
    errors: list[str] = []
    if shutil.which("soffice") or shutil.which("libreoffice"):
        try:
            from parsers.readers import docx

            doc = docx.read(to_docx(data, kind))
            doc.source_format = kind
            return doc
        except (ParseError, subprocess.SubprocessError, OSError) as exc:
            errors.append(f"LibreOffice: {exc}")
    if shutil.which("antiword"):
        try:
            doc = read_antiword(data)
            doc.source_format = kind
            doc.warnings.extend(errors)
            return doc
        except (ParseError, subprocess.SubprocessError, OSError) as exc:
            errors.append(f"antiword: {exc}")
    if not errors:
        raise ParseError(f"{kind.upper()} needs LibreOffice or antiword, and neither is installed")
    raise ParseError(f"cannot read {kind.upper()}: " + "; ".join(errors))


def to_docx(data: bytes, kind: str = "doc") -> bytes:
    return convert(data, kind, "docx", "MS Word 2007 XML")


def convert(data: bytes, kind: str, target: str, export_filter: str) -> bytes:
    """Convert with ``soffice --headless`` in a private profile and return the result's bytes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ParseError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        src = Path(tmp, f"in.{kind}")
        src.write_bytes(data)
        out = Path(tmp, "out")
        proc = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                f"{target}:{export_filter}",
                "--outdir",
                str(out),
                str(src),
            ],
            capture_output=True,
            timeout=TIMEOUT,
        )
        result = out / f"in.{target}"
        if not result.exists():
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ParseError(f"LibreOffice could not convert the file ({' '.join(detail[-1:])})")
        return result.read_bytes()


def read_antiword(data: bytes) -> Document:
    with tempfile.NamedTemporaryFile(suffix=".doc") as f:
        f.write(data)
        f.flush()
        proc = subprocess.run(
            ["antiword", "-m", "UTF-8.txt", "-w", "0", f.name],
            capture_output=True,
            timeout=TIMEOUT,
        )
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ParseError(f"antiword failed ({' '.join(msg[-1:])})")
    return from_antiword_text(proc.stdout.decode("utf-8", "replace"))


def from_antiword_text(text: str) -> Document:
    """antiword draws table rows as ``|a  |b  |``; everything else is prose."""
    blocks: list[str | Table] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            rows.append([clean_cell(c) for c in stripped.strip("|").split("|")])
            continue
        if rows:
            blocks.append(Table(rows=rows))
            rows = []
        if stripped:
            blocks.append(clean_cell(stripped))
    if rows:
        blocks.append(Table(rows=rows))
    blocks = recover_tables(blocks)
    doc = Document(
        blocks=blocks,
        text="\n".join(b for b in blocks if isinstance(b, str)),
        source_format="doc",
        warnings=["read by antiword: merged cells are not expanded"],
    )
    return docmeta.fill(doc)
