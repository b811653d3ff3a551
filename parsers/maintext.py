"""The main text of an article page, without the chrome that changes on every visit.

A report's meaning is its cells and its main text; visit counters, dates in
the footer, session tokens and rotating banners are not.  The body is taken
from the article containers the portal platforms use, else from trafilatura,
and lines of known chrome are dropped, so that a moved counter never makes a
new version.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

#: article containers of TRS, Hanweb, 开普云 and common templates, most specific first
CONTAINERS = (
    "//div[contains(@class,'TRS_Editor')]",
    "//div[contains(@class,'TRS_UEDITOR')]",
    "//*[@id='zoom']",
    "//*[@id='UCAP-CONTENT']",
    "//div[contains(@class,'article-content')]",
    "//div[contains(@class,'pages_content')]",
    "//div[@id='content']",
    "//div[contains(@class,'content')]",
)
CHROME = re.compile(
    r"浏览次数|访问量|阅读次数|点击数|点击率|浏览量|字号|打印本页|关闭窗口|扫一扫|分享到|设为首页|加入收藏"
    r"|无障碍|长者版|上一篇|下一篇|【\s*[大中小]\s*】|版权所有|网站标识码|ICP备|公网安备|技术支持"
)
_DIGITS_ONLY = re.compile(r"^[\d\s:：\-/.]+$")


def main_text(data: bytes, encoding: str = "utf-8", trafilatura_max: int = 512 << 10) -> str:
    """Normalised main text of an HTML page (empty string when there is none).

    trafilatura, the fallback for pages without a known article container, takes
    time that grows faster than the page; pages above ``trafilatura_max`` bytes keep
    the container's text (or none) instead.
    """
    try:
        tree = lxml_html.fromstring(data.decode(encoding, "replace"))
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    text = ""
    for xp in CONTAINERS:
        found = tree.xpath(xp)
        if found:
            text = "\n".join(el.text_content() for el in found[:1])
            if len(text.strip()) > 20:
                break
    if len(text.strip()) <= 20 and len(data) <= trafilatura_max:
        import trafilatura

        text = trafilatura.extract(data.decode(encoding, "replace"), favor_recall=True) or ""
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line or CHROME.search(line) or _DIGITS_ONLY.match(line):
            continue
        lines.append(line)
    return "\n".join(lines)
