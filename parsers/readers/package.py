"""Bounds of an Office package (DOCX, XLSX) checked before any XML in it is parsed.

A ZIP member declares its unpacked size and Python's ``zipfile`` never
unpacks past it, so the declared sizes bound what reading costs: their sum
is checked first.  The XML is then counted, not parsed: a million empty
``<w:p/>`` paragraphs pack into a few kilobytes but make a tree of
gigabytes in lxml and python-docx.  Entities (billion laughs, XXE) are left
to the parsers, which neither expand external ones nor huge trees.
"""

from __future__ import annotations

import zipfile

from parsers.limits import current, too_complex, too_large


def check_package(z: zipfile.ZipFile, kind: str) -> None:
    limits = current()
    total = sum(info.file_size for info in z.infolist())
    if total > limits.unzipped_mb << 20:
        raise too_large(f"{kind} unpacks to {total >> 20} MiB (limit {limits.unzipped_mb} MiB)")
    elements = 0
    for info in z.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with z.open(info) as f:
            while chunk := f.read(1 << 20):
                elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
        if elements > limits.xml_elements:
            raise too_complex(
                f"{kind} holds more than {limits.xml_elements} XML elements ({info.filename})"
            )
