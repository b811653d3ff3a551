"""A minimal OLE2 compound file, built byte by byte, for the tests of sniffing and of old formats.

DOC, WPS and XLS files are OLE2 containers: their type shows only in a stream's
name inside.  The tests need containers that name a given stream (or lie about
their allocation table) without an Office suite to write them.
"""

from __future__ import annotations

import struct

from parsers.sniff import OLE2_MAGIC


def ole_container(marker: bytes, sectors: int = 8, claimed_fat: int = 0) -> bytes:
    """A minimal OLE2 container: header, then ``sectors`` sectors of 512 bytes."""
    header = bytearray(512)
    header[:8] = OLE2_MAGIC
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<I", header, 0x2C, 1)
    struct.pack_into("<I", header, 0x4C, claimed_fat)
    for i in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * i, 0xFFFFFFFF)
    body = bytearray(512 * sectors)
    body[512 : 512 + len(marker)] = marker
    return bytes(header + body)
