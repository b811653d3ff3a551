"""Old portals' encodings and markup: GBK without declarations, script links, cut titles, frames."""

from __future__ import annotations

from urllib.parse import quote

from scrapy.http import HtmlResponse, Request

from crawler.links import disposition_filename, frame_urls, is_cut, page_links
from crawler.middlewares.encoding import EncodingFallbackMiddleware

LIST = (
    "<html><head>{meta}<title>年报</title></head><body><ul>"
    '<li><a href="./202101/t1.html" title="阿城区2020年政府信息公开工作年度报告">阿城区2020年…</a></li>'
    "<li><a href=\"javascript:window.open('../nb/2.html')\">阿城区卫健局2020年政府信息公开工作年度报告</a></li>"
    "<li><a href=\"#\" onclick=\"window.open('3.html','_blank')\">政府信息公开年报</a></li>"
    "<li onclick=\"location.href='/gk/4.html'\">阿城区2019年政府信息公开工作年度报告</li>"
    '<li><a href="../../up.html">上级</a></li>'
    '</ul><iframe src="./frame.html"></iframe></body></html>'
)


def response(body: bytes, ctype: str = "text/html") -> HtmlResponse:
    url = "http://127.0.0.26/gk/nb/list.html"
    resp = HtmlResponse(url, body=body, headers={"Content-Type": ctype}, request=Request(url))
    out = EncodingFallbackMiddleware().process_response(resp.request, resp)
    assert isinstance(out, HtmlResponse)
    return out


def links_of(resp: HtmlResponse) -> dict[str, str]:
    return dict(page_links(resp))


def check(links: dict[str, str]) -> None:
    assert links["http://127.0.0.26/gk/nb/202101/t1.html"] == "阿城区2020年政府信息公开工作年度报告"
    assert links["http://127.0.0.26/gk/nb/2.html"] == "阿城区卫健局2020年政府信息公开工作年度报告"
    assert links["http://127.0.0.26/gk/nb/3.html"] == "政府信息公开年报"
    assert links["http://127.0.0.26/gk/4.html"] == "阿城区2019年政府信息公开工作年度报告"
    assert "http://127.0.0.26/up.html" in links
    assert "http://127.0.0.26/gk/nb/frame.html" in links


def test_gbk_without_any_declaration() -> None:
    page = response(LIST.format(meta="").encode("gbk"))
    assert page.encoding == "gb18030"  # from the bytes, not from a guess
    check(links_of(page))


def test_gb2312_declared_and_gb18030_only_characters() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    body = LIST.format(meta=meta).replace("卫健局", "卫健局䶮").encode("gb18030")
    links = links_of(response(body))
    assert "http://127.0.0.26/gk/nb/2.html" in links
    assert links["http://127.0.0.26/gk/nb/2.html"].startswith("阿城区卫健局䶮")


def test_utf8_header_over_gbk_bytes() -> None:
    check(links_of(response(LIST.format(meta="").encode("gbk"), "text/html; charset=utf-8")))


def test_gbk_declared_over_utf8_bytes() -> None:
    meta = '<meta charset="gbk">'
    check(links_of(response(LIST.format(meta=meta).encode("utf-8"))))


def test_frames_and_cut_titles() -> None:
    resp = response(LIST.format(meta="").encode("utf-8"))
    assert frame_urls(resp) == {"http://127.0.0.26/gk/nb/frame.html"}
    assert is_cut("阿城区2020年…") and is_cut("阿城区2020年...") and not is_cut("年报")


def test_download_names_from_content_disposition() -> None:
    name = "甲县2020年政府信息公开工作年度报告.pdf"
    star = f"attachment; filename*=UTF-8''{quote(name)}".encode()
    assert disposition_filename(star) == name
    assert disposition_filename(f'attachment; filename="{name}"'.encode("gbk")) == name
    assert disposition_filename(f"attachment; filename={quote(name)}".encode()) == name
    assert disposition_filename(b"inline") is None and disposition_filename(None) is None


def test_embedded_pdf_viewers_lead_to_the_document() -> None:
    body = (
        b'<iframe src="/pdfjs/web/viewer.html?file=%2Fzwgk%2FP020210120.pdf"></iframe>'
        b'<embed src="./P020210121.pdf"><object data="../P020210122.pdf"></object>'
    )
    links = links_of(response(body))
    assert "http://127.0.0.26/zwgk/P020210120.pdf" in links
    assert "http://127.0.0.26/gk/nb/P020210121.pdf" in links
    assert "http://127.0.0.26/gk/P020210122.pdf" in links


def test_documents_scrapy_took_for_text_pass_as_bytes() -> None:
    """An uncompressed PDF, or an attachment sent as octet-stream, has no control characters
    in its first bytes, so Scrapy makes it a TextResponse: it passes on as plain bytes, its
    encoding never guessed; a page under a binary type stays a page."""
    from scrapy.http import Response, TextResponse
    from scrapy.responsetypes import responsetypes

    pdf = b"%PDF-1.3\n%\x93\x8c\x8b\x9e ReportLab Generated PDF document\n1 0 obj\n<< >>\nendobj\n"
    page = "<html><body><p>阿城区2020年政府信息公开工作年度报告</p></body></html>".encode()
    for ctype, body, want in [
        ("application/pdf", pdf, Response),
        ("application/octet-stream", pdf, Response),
        ("application/octet-stream", page, HtmlResponse),
        ("text/plain", "年度报告".encode("gbk"), TextResponse),
    ]:
        url = "http://127.0.0.26/module/download/downfile.jsp?filename=1.pdf"
        headers = {"Content-Type": ctype}
        cls = responsetypes.from_args(headers=headers, url=url, body=body)
        request = Request(url, meta={"role": "attachment"})
        got = cls(url, body=body, headers=headers, request=request)
        out = EncodingFallbackMiddleware().process_response(request, got)
        assert type(out) is want, (ctype, type(got), type(out))
        assert out.body == body and out.meta["role"] == "attachment"
    assert issubclass(
        responsetypes.from_args(headers={"Content-Type": "application/pdf"}, body=pdf),
        TextResponse,
    )  # why: Scrapy's own choice, which the middleware undoes


def test_an_ascii_json_list_is_read_without_a_guess() -> None:
    from scrapy.http import JsonResponse

    url = "http://127.0.0.26/api/xxgk/list?page=1"
    body = b'{"data": [{"title": "\\u5e74\\u62a5"}]}'
    got = JsonResponse(url, body=body, headers={"Content-Type": "application/json"})
    out = EncodingFallbackMiddleware().process_response(Request(url), got)
    assert out.encoding == "utf-8" and out.json()["data"][0]["title"] == "年报"
