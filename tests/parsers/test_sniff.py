"""The type comes from the bytes; broken files fail with one clear line."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from PIL import Image

from parsers import ParseError
from parsers.readers import read_document
from parsers.sniff import OLE2_MAGIC, sniff
from tests.parsers.ole import ole_container


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (20, 20), 255).save(buf, format="PNG")
    return buf.getvalue()


def test_built_formats(html_files, docx_files, rl_pdfs):
    name = next(iter(html_files))
    assert sniff(html_files[name]) == "html"
    assert sniff(docx_files[name]) == "docx"
    assert sniff(rl_pdfs[name]) == "pdf"
    assert sniff(_png()) == "png"
    assert sniff("规章\t4\t4\t4\n".encode()) == "text"
    assert sniff("规章\t4\n".encode("gb18030")) == "text"


def test_ole_kinds():
    assert sniff(ole_container("WordDocument".encode("utf-16-le"))) == "doc"
    wps = "WordDocument".encode("utf-16-le") + b"\0" * 8 + "Kingsoft".encode("utf-16-le")
    assert sniff(ole_container(wps)) == "wps"
    assert sniff(ole_container("Workbook".encode("utf-16-le"))) == "xls"


def test_name_does_not_decide(rl_pdfs):
    data = next(iter(rl_pdfs.values()))
    assert read_document(data, "report.html").source_format == "pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n", "truncated PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "truncated PNG"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 40, "truncated JPEG"),
        (OLE2_MAGIC + b"\0" * 100, "truncated OLE2"),
        (b"\x00\x01\x02\x03binary" * 10, "unknown type"),
    ],
)
def test_broken_files(data, message):
    with pytest.raises(ParseError, match=message):
        sniff(data)


def test_truncated_zip(docx_files):
    data = next(iter(docx_files.values()))
    with pytest.raises(ParseError, match="truncated or corrupt ZIP"):
        sniff(data[: len(data) // 2])


def _zip_fields(data: bytes, offset: int, value: int, member: bytes = b"") -> bytes:
    """The package with a 2-byte field of every central directory entry (of ``member``
    only, when named) and of its local header set to ``value``: ``offset`` counts from
    the central entry's signature; a local header holds the same field 2 bytes earlier
    (it has no "version made by")."""
    out = bytearray(data)
    for sig, shift in ((b"PK\x01\x02", 0), (b"PK\x03\x04", -2)):
        at = out.find(sig)
        while at >= 0:
            name_at = at + (46 if shift == 0 else 30)
            if out[name_at : name_at + len(member)] == member:  # b"" names every entry
                struct.pack_into("<H", out, at + offset + shift, value)
            at = out.find(sig, at + 4)
    return bytes(out)


def test_a_zip_asking_for_what_zipfile_does_not_implement_is_refused(docx_files):
    """A ZIP header asking for a version or a compression method Python's ``zipfile`` does
    not implement (one flipped byte does it; a fuzzed DOCX found the first) is a damaged
    file, refused with one line, not a parser bug."""
    data = next(iter(docx_files.values()))
    newer = _zip_fields(data, 6, 64)  # "version needed to extract": 6.4
    with pytest.raises(ParseError, match="truncated or corrupt ZIP"):
        sniff(newer)
    deflate64 = _zip_fields(data, 10, 9, b"word/document.xml")  # compression method 9
    assert sniff(deflate64) == "docx"  # its directory reads; the member does not
    with pytest.raises(ParseError, match="DOCX") as info:
        read_document(deflate64)
    assert "\n" not in str(info.value)


def test_truncated_ole_allocation_table():
    with pytest.raises(ParseError, match="allocation table past the end"):
        sniff(ole_container(b"x", sectors=3, claimed_fat=40))


def test_zip_that_is_not_a_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ParseError, match="not a DOCX"):
        sniff(buf.getvalue())


def test_message_is_one_line(docx_files):
    data = next(iter(docx_files.values()))
    with pytest.raises(ParseError) as info:
        read_document(data[:3000])
    assert "\n" not in str(info.value)


def test_rtf_mht_and_ofd():
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"
    mht = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n<html>"
    assert sniff(mht) == "mht"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    with pytest.raises(ParseError, match="OFD documents"):
        sniff(buf.getvalue())


def test_library_errors_become_one_parse_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(ParseError, match="DOCX") as info:
        read_document(buf.getvalue())
    assert "\n" not in str(info.value)
