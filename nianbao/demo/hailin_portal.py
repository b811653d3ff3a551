"""The demo portal: a small TRS-style government site with reports, an attachment and decoys.

``nianbao demo`` serves it on 127.0.0.1 and the tests crawl the very same
site, so what the README promises is what the suite checks.  Everything is
generated deterministically: the same bytes on every run, so a second crawl
finds every payload unchanged.  It is built from the pieces of
:mod:`nianbao.demo.site` and prints the figures of
:mod:`nianbao.demo.report_cells`.
"""

from __future__ import annotations

from nianbao.demo.report_cells import report_2019, report_2020, report_2021
from nianbao.demo.report_html import report_body
from nianbao.demo.site import Site, add_article, add_list, attachment_pdf


def hailin_site() -> Site:
    """海林市人民政府's portal: home → 政务公开 → 年报 column (2 list pages) → reports."""
    s = Site("海林市人民政府")
    s.files["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /admin/\n")
    s.add_html(
        "/index.html",
        "中国海林",
        (
            '<ul class="nav"><li><a href="/index.html">首页</a></li>'
            '<li><a href="/xwzx/index.html">新闻中心</a></li>'
            '<li><a href="/zwgk/index.html">政务公开</a></li>'
            '<li><a href="/admin/index.html">政务公开后台</a></li></ul>\n'
            '<p>友情链接：<a href="http://127.0.0.99:8765/zwgk/xxgknb/">海林市政府信息公开年报（镜像）</a></p>'
        ),
    )
    s.files["/"] = s.files["/index.html"]
    s.add_html("/xwzx/index.html", "新闻中心", "<p>今日海林</p>")
    s.add_html(
        "/admin/index.html", "后台", '<a href="/admin/secret_nb.html">政府信息公开年报管理</a>'
    )
    s.add_html(
        "/zwgk/index.html",
        "政府信息公开",
        (
            '<ul><li><a href="/zwgk/zn/index.html">政府信息公开指南</a></li>'
            '<li><a href="/zwgk/xxgknb/index.html">政府信息公开年报</a></li>'
            '<li><a href="/zwgk/tjxx/index.html">统计信息</a></li></ul>'
        ),
    )
    s.add_html("/zwgk/zn/index.html", "政府信息公开指南", "<p>指南正文</p>")
    s.add_html(
        "/zwgk/tjxx/index.html",
        "统计信息",
        '<a href="./202103/t20210310_0970.html">海林市2020年国民经济和社会发展统计公报</a>',
    )
    s.add_html("/zwgk/tjxx/202103/t20210310_0970.html", "统计公报", "<p>统计公报正文</p>")
    base = "/zwgk/xxgknb"
    add_list(
        s,
        f"{base}/index.html",
        [
            ("./202202/t20220128_1002.html", "海林市2021年政府信息公开工作年度报告", "2022-01-28"),
            (
                "./202102/t20210201_1001.html",
                "海林市2020年度政府信息公开工作年度报告",
                "2021-02-01",
            ),
            ("./202101/t20210115_0998.html", "海林市2020年政府网站工作年度报表", "2021-01-15"),
            ("./202003/t20200331_0900.html", "海林市2019年政府信息公开工作年度报告", "2020-03-31"),
            (
                "./202012/t20201210_0999.html",
                "关于做好2020年政府信息公开工作年度报告编制发布工作的通知",
                "2020-12-10",
            ),
        ],
        '<div class="page"><a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a></div>',
    )
    add_list(
        s,
        f"{base}/index_1.html",
        [
            (
                "./202101/t20210120_0990.html",
                "海林市财政局2020年政府信息公开工作年度报告",
                "2021-01-20",
            ),
            ("./202101/t20210118_0991.html", "海林市2020年度企业年报公示工作提示", "2021-01-18"),
        ],
        '<div class="page"><a href="index.html">上一页</a> <a href="index.html">首页</a></div>',
    )
    add_article(
        s,
        f"{base}/202102/t20210201_1001.html",
        "海林市2020年度政府信息公开工作年度报告",
        "2021-02-01",
        report_body("海林市人民政府", 2020, "2019", report_2020()),
    )
    add_article(
        s,
        f"{base}/202003/t20200331_0900.html",
        "海林市2019年政府信息公开工作年度报告",
        "2020-03-31",
        report_body("海林市人民政府", 2019, "2019", report_2019()),
    )
    add_article(
        s,
        f"{base}/202202/t20220128_1002.html",
        "海林市2021年政府信息公开工作年度报告",
        "2022-01-28",
        report_body("海林市人民政府", 2021, "2021", report_2021()),
    )
    add_article(
        s,
        f"{base}/202101/t20210115_0998.html",
        "海林市2020年政府网站工作年度报表",
        "2021-01-15",
        "<p>政府网站工作年度报表</p>",
    )
    add_article(
        s,
        f"{base}/202012/t20201210_0999.html",
        "关于做好2020年政府信息公开工作年度报告编制发布工作的通知",
        "2020-12-10",
        "<p>各单位：……</p>",
    )
    add_article(
        s,
        f"{base}/202101/t20210118_0991.html",
        "海林市2020年度企业年报公示工作提示",
        "2021-01-18",
        "<p>企业年报</p>",
    )
    add_article(
        s,
        f"{base}/202101/t20210120_0990.html",
        "海林市财政局2020年政府信息公开工作年度报告",
        "2021-01-20",
        '<p>详见附件。</p><p>附件：<a href="./P020210120_caizheng.pdf">'
        "海林市财政局2020年政府信息公开工作年度报告.pdf</a></p>",
    )
    s.files[f"{base}/202101/P020210120_caizheng.pdf"] = (
        "application/pdf",
        attachment_pdf(
            "海林市财政局2020年政府信息公开工作年度报告",
            [
                "一、总体情况",
                "2020年，海林市财政局认真贯彻落实政务公开工作要点。",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "2020年，本机关未收到政府信息公开申请。",
            ],
        ),
    )
    return s


#: the demo's portals: address → site
def demo_sites() -> dict[str, Site]:
    return {"127.0.0.1": hailin_site()}


DEMO_SEEDS_ROWS = [("231083", "海林市", "county", "231000", "127.0.0.1")]
