"""Fixture portals built like real ones on each CMS platform, with decoys and known answers.

Each builder returns a ``Portal``: the ``Site`` to serve on its own loopback
address, its seed row, and the truth (every report's path with its organ
and year; the decoys' paths).  The benchmark builds its portals from the
same builders.  This module holds what the builders share: ``Portal``, a
page, a report's text, a PDF, and the reports and look-alikes a 年报 column
lists (``column_items``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nianbao.demo.site import Site


@dataclass
class Portal:
    site: Site
    code: str
    name: str
    start: str = "/index.html"
    #: report document path → (organ, year)
    reports: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: report attachments (documents holding a report's body)
    attachments: set[str] = field(default_factory=set)
    decoys: set[str] = field(default_factory=set)
    #: True when the list is only complete in a browser (JS-built list, challenge)
    needs_browser: bool = False
    #: the platform's own data, for tests that change the portal between crawls
    state: Any = None


def page(title: str, body: str, charset: str | None = "utf-8", head: str = "") -> bytes:
    """An HTML page; ``charset=None`` leaves the encoding undeclared (old portals)."""
    declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    html = (
        f"<html><head>{declared if charset else ''}<title>{title}</title>{head}</head>\n"
        f'<body><div class="top"><a href="/index.html">首页</a> 设为首页 加入收藏</div>\n'
        f'{body}\n<div class="foot">主办单位 版权所有 扫一扫在手机打开当前页</div></body></html>\n'
    )
    return html.encode(charset or "gb18030")


def report_text(organ: str, year: int) -> str:
    return (
        f"<p>根据《中华人民共和国政府信息公开条例》，{organ}编制{year}年度政府信息公开工作年度报告。</p>"
        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>"
    )


def pdf(title: str) -> bytes:
    from nianbao.demo.site import attachment_pdf

    return attachment_pdf(title, ["一、总体情况", "二、主动公开政府信息情况"])


#: look-alikes every 年报 column carries: (title, body)
DECOY_TITLES = [
    "关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
    "{region}{year}年政府网站工作年度报表",
    "{region}{year}年法治政府建设年度报告",
    "{region}{year}年国民经济和社会发展统计公报",
    "{region}{year}年度企业年报公示工作提示",
    "{region}{year}年政府工作报告",
    "《{region}{year}年政府信息公开工作年度报告》图文解读",
]


def column_items(
    region: str, years: range, departments: list[str], decoys: int = len(DECOY_TITLES)
) -> list[tuple[str, str, int]]:
    """(title, organ, year) for reports, then (title, "", year) for decoys, interleaved."""
    out: list[tuple[str, str, int]] = []
    for year in years:
        out.append((f"{region}{year}年政府信息公开工作年度报告", f"{region}人民政府", year))
        for dept in departments:
            out.append((f"{region}{dept}{year}年政府信息公开工作年度报告", region + dept, year))
        for decoy in DECOY_TITLES[:decoys]:
            out.append((decoy.format(region=region, year=year), "", year))
    return out
