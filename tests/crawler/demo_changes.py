"""The demo portal (海林市) changed between two crawls, as the alert tests change it.

One change of every kind at once: the 2020 report revised in place (a figure
moved), a department's PDF replaced at the same URL, the 2021 report's 更正版 at
a new URL at the top of the list, a new department report, the 2019 report taken
down and off its list, and every page's visit counter moved.  Shared by the
tests of alerts (tests/crawler/test_changes_and_alerts.py) and of the nightly
schedule, which must raise the same alerts within its bound.
"""

from __future__ import annotations

from nianbao.demo.report_cells import report_2020, report_2021
from nianbao.demo.report_html import report_body
from nianbao.demo.site import Site, add_article, attachment_pdf

BASE = "/zwgk/xxgknb"
R2020 = f"{BASE}/202102/t20210201_1001.html"
R2019 = f"{BASE}/202003/t20200331_0900.html"
PDF = f"{BASE}/202101/P020210120_caizheng.pdf"
CORRECTED = f"{BASE}/202203/t20220310_1003.html"
NEW = f"{BASE}/202101/t20210125_0995.html"


def replace(site: Site, path: str, old: bytes, new: bytes) -> None:
    ctype, data = site.files[path]
    assert old in data, (path, old)
    site.files[path] = (ctype, data.replace(old, new))


def change_portal(site: Site) -> None:
    cells = report_2020()
    cells["proactive.licensing.decisions"] = 22360
    add_article(
        site,
        R2020,
        "海林市2020年度政府信息公开工作年度报告",
        "2021-02-01",
        report_body("海林市人民政府", 2020, "2019", cells),
    )
    site.files[PDF] = (
        "application/pdf",
        attachment_pdf(
            "海林市财政局2020年政府信息公开工作年度报告（修订）",
            ["一、总体情况", "2020年，海林市财政局收到政府信息公开申请2件，均予以公开。"],
        ),
    )
    corrected = report_2021()
    corrected["requests.new.natural_person"] = 6
    corrected["requests.new.total"] = 7
    add_article(
        site,
        CORRECTED,
        "海林市2021年政府信息公开工作年度报告（更正版）",
        "2022-03-10",
        report_body("海林市人民政府", 2021, "2021", corrected),
    )
    add_article(
        site,
        NEW,
        "海林市林业局2020年政府信息公开工作年度报告",
        "2021-01-25",
        report_body("海林市林业局", 2020, "2019", report_2020()),
    )
    del site.files[R2019]
    _, listing = site.files[f"{BASE}/index.html"]
    start = listing.index(b'<li><a href="./202003/t20200331_0900.html"')
    end = listing.index(b"</li>", start) + len(b"</li>")
    site.files[f"{BASE}/index.html"] = ("text/html; charset=utf-8", listing[:start] + listing[end:])
    replace(
        site,
        f"{BASE}/index.html",
        b'<ul class="list">\n',
        '<ul class="list">\n<li><a href="./202203/t20220310_1003.html">'
        "海林市2021年政府信息公开工作年度报告（更正版）</a></li>\n"
        '<li><a href="./202101/t20210125_0995.html">'
        "海林市林业局2020年政府信息公开工作年度报告</a></li>\n".encode(),
    )
    for path, (ctype, data) in list(site.files.items()):
        if ctype.startswith("text/html"):
            site.files[path] = (ctype, data.replace(b"<span>128</span>", b"<span>129</span>"))
