"""Walk a ``.warc.gz`` file gzip member by member, checking each one's CRC and length.

warcio reads a cut or damaged last member without complaint (it stops at what it
can inflate), so the archive checks the gzip framing itself: every member must end
with a trailer whose CRC-32 and size match what was inflated.  The same walk finds
where a spooled WARC file stops being whole after a crash.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

CHUNK = 256 * 1024


class GzipDamaged(Exception):
    """A gzip member that is cut short or does not inflate to what its trailer says."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"gzip member at offset {offset}: {reason}")
        self.offset = offset
        self.reason = reason


def gzip_members(read: Callable[[int], bytes]) -> Iterator[tuple[int, int]]:
    """``(offset, length)`` of each complete, intact member; raises :class:`GzipDamaged`."""
    offset = 0
    buf = b""
    while True:
        if not buf:
            buf = read(CHUNK)
            if not buf:
                return
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)  # gzip framing: CRC and ISIZE checked
        consumed = 0
        while not inflater.eof:
            if not buf:
                buf = read(CHUNK)
                if not buf:
                    try:
                        inflater.flush()  # output held back by the step limit, if any
                    except zlib.error as exc:
                        raise GzipDamaged(offset, f"damaged ({exc})") from None
                    if inflater.eof:
                        break
                    raise GzipDamaged(offset, "cut short (no gzip trailer)")
            fed = len(buf)
            try:
                data = buf
                while data:  # inflate in bounded steps: memory stays small whatever the ratio
                    inflater.decompress(data, CHUNK)
                    data = inflater.unconsumed_tail
                    if inflater.eof:
                        break
            except zlib.error as exc:
                raise GzipDamaged(offset, f"damaged ({exc})") from None
            if inflater.eof:
                rest = inflater.unused_data
                consumed += fed - len(rest)
                buf = rest
            else:
                consumed += fed
                buf = b""
        yield offset, consumed
        offset += consumed


def intact_length(read: Callable[[int], bytes]) -> tuple[int, GzipDamaged | None]:
    """How many leading bytes are whole members, and the damage that follows them (if any)."""
    end = 0
    try:
        for start, length in gzip_members(read):
            end = start + length
    except GzipDamaged as exc:
        return end, exc
    return end, None
