"""The type comes from the bytes; broken files fail with one clear line."""

from __future__ import annotations

import io
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
