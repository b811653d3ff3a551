"""The report classifier on pages: their text and URL, attachment stubs and column links.

When a title is cut or says nothing, the page's text (its heading, the
report's sections, the statistics period) or its URL decides; a look-alike
heading decides against, and a breadcrumb is not the heading.  Also whether
a body only points to its attachment (详见附件), and how strongly a link's
anchor and href lead toward the 年报 column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.classify import body_is_attachment, classify, column_link_score

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_TEXTS = {
    "前进区人民政府 2020 年政府信息公开工作年度报告\n\n本报告是根据《条例》…统计期限自 2020 年 1 月 1 日起": (
        2020,
        "前进区人民政府",
    ),
    "• 海林市2020年度政府信息公开工作年度报告\n\n海林市2020年度政府信息公开工作年度报告\n日期:2021-02-01": (
        2020,
        "海林市人民政府",
    ),
    "\n\n四方台区人民政府办公室\n\n2021 年政府信息公开工作年度报告\n\n本年度报告根据…": (
        2021,
        "四方台区人民政府办公室",
    ),
    "\n东风区佳东街道办事处2020年\n政府信息公开工作年度报告\n一、总体情况\n": (
        2020,
        "东风区佳东街道办事处",
    ),
    "首页>政务公开>年报\n南山区 2019 年政府信息公开工作年度报告\n根据…": (2019, "南山区人民政府"),
}


@pytest.mark.parametrize(("text", "expected"), SEED_TEXTS.items())
@pytest.mark.parametrize("title", ["", "政府信息公开工作年度…", "政府信息公开…", "2021-02-01"])
def test_text_decides_when_title_is_cut(title: str, text: str, expected: tuple) -> None:
    got = classify(title, text)
    assert got.is_report, got
    assert (got.year, got.organ) == expected


def test_text_fills_missing_year_but_not_organ() -> None:
    got = classify("政府信息公开工作年度报告", "海林市2020年度政府信息公开工作年度报告\n正文")
    assert (got.is_report, got.year, got.organ) == (True, 2020, None)
    text = "根据条例，现予公布。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
    assert classify("政府信息公开工作年度报告", text).year == 2019


def test_text_with_report_sections_decides() -> None:
    text = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、存在的主要问题及改进情况"
    assert classify("2020-03-01", text).is_report


def test_look_alike_title_is_not_overruled_by_text() -> None:
    text = "海林市2020年度政府信息公开工作年度报告\n主动公开政府信息情况\n收到和处理政府信息公开申请情况"
    assert classify("《海林市2020年度政府信息公开工作年度报告》解读", text).kind == "interpretation"


def test_url_decides_and_dates() -> None:
    url = "http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2020&area=11230000"
    assert classify("2020年度报告", url=url).is_report
    assert classify("政府信息公开工作年度报告", url=url).year == 2020
    assert classify("政府信息…", url="http://x.gov.cn/zwgk/xxgknb/2021n/t1.html").is_report
    assert not classify("政府信息…", url="http://x.gov.cn/zwgk/tzgg/t1.html").is_report


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_shared_seed_texts() -> None:
    import json

    for path in sorted(SEEDS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
        got = classify("", path.read_text("utf-8"))
        assert got.is_report and got.year == expected["year"], (path.name, got)
        assert got.organ and got.organ in expected["organ"] + "人民政府", (path.name, got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("详见附件", True),
        ("海林市2020年度政府信息公开工作年度报告\n详见附件。\n附件：海林市2020年报告.pdf", True),
        ("请见附件", True),
        ("具体内容见附件。", True),
        ("附件：2020年政府信息公开工作年度报告.docx", True),
        ("", False),
        ("一、总体情况\n2020年，海林市认真贯彻落实……", False),
        (
            "详见附件\n" + "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" * 20,
            False,
        ),
    ],
)
def test_body_is_attachment(text: str, expected: bool) -> None:
    assert body_is_attachment(text) is expected


@pytest.mark.parametrize(
    ("anchor", "href", "low", "high"),
    [
        ("政府信息公开年报", "/zwgk/xxgknb/", 100, 100),
        ("政府信息公开年度报告", "/col/col123/index.html", 95, 100),
        ("年度报告", "./ndbg/", 90, 100),
        ("年报", "/gknb/", 90, 100),
        ("部门年报", "/gknb/bmnb/", 90, 100),
        ("政府信息公开工作年报", "/xxgk/zfxxgknb/", 100, 100),
        ("", "/zwgk/bmzfxxgknb/index.html", 70, 90),
        ("更多>>", "/xxgk/ndbg/index.html", 70, 90),
        ("政府信息公开", "/zfxxgk/", 60, 80),
        ("政务公开", "/zwgk/", 50, 80),
        ("信息公开", "/xxgk/index.html", 50, 80),
        ("政府信息公开", "/col/col55/index.html", 50, 70),
        ("2021年", "/zwgk/xxgknb/2021n/", 80, 100),
        ("2021年", "./2021n/", 10, 30),
        ("首页", "/", 0, 0),
        ("新闻中心", "/xwzx/", 0, 0),
        ("统计年报", "/tjxx/tjnb/", 0, 0),
        ("企业年报公示", "/qyxx/", 0, 0),
        ("政府网站工作年度报表", "/zwgk/wzbb/", 0, 0),
        ("政府信息公开年报", "javascript:void(0)", 0, 0),
        ("政府信息公开年报", "", 0, 0),
        ("2020年政府信息公开工作年度报告.pdf", "/xxgknb/P020210201.pdf", 0, 0),
        ("2020年政府信息公开工作年度报告", "/xxgknb/202102/t20210201_1.html", 0, 0),
        ("政府信息公开指南", "/zwgk/xxgkzn/", 0, 0),
    ],
)
def test_column_link_score(anchor: str, href: str, low: int, high: int) -> None:
    assert low <= column_link_score(anchor, href) <= high


def test_column_link_score_orders_the_way_down() -> None:
    home = column_link_score("政务公开", "/zwgk/")
    section = column_link_score("政府信息公开", "/zwgk/zfxxgk/")
    column = column_link_score("政府信息公开年报", "/zwgk/zfxxgk/xxgknb/")
    assert 0 < home <= section < column


def test_text_heading_of_a_look_alike_decides_against() -> None:
    text = (
        "首页 > 政务公开 > 政府信息公开年报\n《海林市2020年政府信息公开工作年度报告》解读\n"
        "一、主动公开政府信息情况\n二、收到和处理政府信息公开申请情况\n三、存在的主要问题"
    )
    got = classify("", text)
    assert (got.is_report, got.kind) == (False, "interpretation")


def test_breadcrumb_is_not_the_heading() -> None:
    text = "首页 > 政务公开 > 政府信息公开年报\n海林市2020年政府信息公开工作年度报告\n正文"
    got = classify("查看详情", text)
    assert (got.is_report, got.year, got.organ) == (True, 2020, "海林市人民政府")
