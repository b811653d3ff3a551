"""政府信息公开平台 pages (开普云/Ucap and the xxgk modules): the metadata table.

An xxgk article states who published it in a table of 索引号 / 发布机构 /
成文日期 / 发布日期 / 文号 rows.  Titles of department and 街道 reports often
leave the organ out (``2020年政府信息公开工作年度报告``), so 发布机构 is the
organ's best source; the list side of these platforms is a JSON API (see
``jsonapi``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapy.http import TextResponse

from crawler.platforms import Found

NAME = "xxgk"
LABELS = {
    "索引号": "index_no",
    "发布机构": "organ",
    "发文机关": "organ",
    "发布单位": "organ",
    "公开主体": "organ",
    "信息来源": "source",
    "成文日期": "written",
    "发布日期": "published",
    "文号": "doc_no",
    "名称": "title",
    "标题": "title",
}
_SPACES = re.compile(r"[\s\u3000\xa0]+")


def detect(response: TextResponse) -> bool:
    text = response.text
    return "索引号" in text and any(k in text for k in ("发布机构", "成文日期", "发文机关"))


def metadata(response: TextResponse) -> dict[str, str]:
    """Label → value from the page's metadata table (cells or ``label：value`` runs)."""
    out: dict[str, str] = {}
    cells = [
        _SPACES.sub("", " ".join(c.xpath(".//text()").getall()))
        for c in response.xpath("//td | //th | //li | //span | //div[not(*)] | //p | //dt | //dd")
    ]
    for i, cell in enumerate(cells):
        label, _, value = cell.partition("：") if "：" in cell else cell.partition(":")
        key = LABELS.get(label.strip().rstrip("：:"))
        if key is None:
            continue
        if not value and i + 1 < len(cells):
            value = cells[i + 1]
        if value and key not in out and value.strip("：:") not in LABELS:
            out[key] = value.strip("：:")
    return out


def discover(response: TextResponse) -> Iterator[Found]:
    return iter(())
