"""The report classifier on real-style titles, texts and links."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.chinese_text import arabic_years, cn_year_to_int, normalize
from crawler.classify import Classification, body_is_attachment, classify, column_link_score

R, C = "report", "correction"
# title, year, organ (None: the title names none), kind
REPORTS: list[tuple[str, int | None, str | None, str]] = [
    ("2020年政府信息公开工作年度报告", 2020, None, R),
    ("2020年度政府信息公开工作年度报告", 2020, None, R),
    ("二〇二〇年度政府信息公开工作年度报告", 2020, None, R),
    ("二〇二〇年政府信息公开工作年度报告", 2020, None, R),
    ("二O二O年政府信息公开工作年度报告", 2020, None, R),
    ("二o二一年政府信息公开工作年度报告", 2021, None, R),
    ("二零一九年政府信息公开工作年度报告", 2019, None, R),
    ("二○二二年度政府信息公开工作年度报告", 2022, None, R),
    ("２０２０年政府信息公开工作年度报告", 2020, None, R),
    ("海林市2020年度政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市人民政府2020年政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市政府2020年政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市二O二O年政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("2020年海林市政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("2020年海林市人民政府政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市人民政府信息公开工作年度报告（2019年度）", 2019, "海林市人民政府", R),
    ("海林市政府信息公开工作年度报告(2018)", 2018, "海林市人民政府", R),
    ("前进区人民政府 2020 年政府信息公开工作年度报告", 2020, "前进区人民政府", R),
    ("南山区 2019 年政府信息公开工作年度报告", 2019, "南山区人民政府", R),
    (
        "四方台区人民政府办公室\n\n2021 年政府信息公开工作年度报告",
        2021,
        "四方台区人民政府办公室",
        R,
    ),
    ("东风区佳东街道办事处2020年\n政府信息公开工作年度报告", 2020, "东风区佳东街道办事处", R),
    ("佳东街道2020年政府信息公开工作年度报告", 2020, "佳东街道", R),
    ("海林镇2021年政府信息公开工作年度报告", 2021, "海林镇", R),
    ("松江乡人民政府2020年政府信息公开工作年度报告", 2020, "松江乡人民政府", R),
    ("区财政局2020年政府信息公开工作年度报告", 2020, "区财政局", R),
    ("区科技局2020年信息公开工作年度报告", 2020, "区科技局", R),
    ("2020年区财政局政府信息公开工作年度报告", 2020, "区财政局", R),
    ("海林市财政局2020年度政府信息公开工作年度报告", 2020, "海林市财政局", R),
    ("牡丹江市生态环境局2021年政府信息公开工作年度报告", 2021, "牡丹江市生态环境局", R),
    ("黑龙江省人民政府办公厅政府信息公开工作年度报告（2020年）", 2020, "黑龙江省人民政府办公厅", R),
    ("黑龙江省2020年政府信息公开工作年度报告", 2020, "黑龙江省人民政府", R),
    ("佳木斯市郊区2020年政府信息公开工作年度报告", 2020, "佳木斯市郊区人民政府", R),
    ("杜尔伯特蒙古族自治县2020年政府信息公开工作年度报告", 2020, "杜尔伯特蒙古族自治县人民政府", R),
    ("大兴安岭地区2020年政府信息公开工作年度报告", 2020, "大兴安岭地区人民政府", R),
    ("区教育局2020年政务信息公开工作年度报告", 2020, "区教育局", R),
    ("2020年政务信息公开工作年度报告", 2020, None, R),
    ("海林市2020年政务公开年报", 2020, "海林市人民政府", R),
    ("海林市政务公开年报（2020年）", 2020, "海林市人民政府", R),
    ("2020年政府信息公开年报", 2020, None, R),
    ("区司法局2020年信息公开年报", 2020, "区司法局", R),
    ("2019年度政府信息公开年度工作报告", 2019, None, R),
    ("2009年政府信息公开工作报告", 2009, None, R),
    ("海林市2008年政府信息公开工作报告", 2008, "海林市人民政府", R),
    ("关于海林市2020年政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("【海林市】2020年政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("• 海林市2020年度政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公开工作年度报告 ", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公开\r\n工作年度报告", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公开工作年度报告&nbsp;", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公開工作年度報告", 2020, "海林市人民政府", R),
    ("前进区人民政府2020年政府信息公开工作年度报告（更正版）", 2020, "前进区人民政府", C),
    ("前进区人民政府2020年政府信息公开工作年度报告（修订）", 2020, "前进区人民政府", C),
    ("2020年政府信息公开工作年度报告(修订版)", 2020, None, C),
    ("【更正】区财政局2020年政府信息公开工作年度报告", 2020, "区财政局", C),
    ("海林市2020年度政府信息公开工作年度报告（更正后）", 2020, "海林市人民政府", C),
    ("2021年发布：海林市2020年度政府信息公开工作年度报告", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公开工作年度报告 2021-02-01", 2020, "海林市人民政府", R),
    ("政府信息公开工作年度报告2020", 2020, None, R),
    ("海林市政府信息公开工作年度报告", None, "海林市人民政府", R),
    ("哈尔滨市道里区人民政府2020年政府信息公开工作年度报告", 2020, "哈尔滨市道里区人民政府", R),
    ("2020年度海林市应急管理局政府信息公开工作年度报告", 2020, "海林市应急管理局", R),
    ("海林经济开发区2020年政府信息公开工作年度报告", 2020, "海林经济开发区", R),
    ("金林区2020年政府信息公开工作年度报告", 2020, "金林区人民政府", R),
    (
        "中共海林市委党校（海林市行政学院）2020年政府信息公开工作年度报告",
        2020,
        "中共海林市委党校(海林市行政学院)",
        R,
    ),
    ("2010年政府信息公开工作情况报告", 2010, None, R),
    ("海林市2020年政府信息公开工作年度报告.pdf", 2020, "海林市人民政府", R),
    # cut in a list, but still clearly a report
    ("海林市2020年度政府信息公开工作年…", 2020, "海林市人民政府", R),
    ("海林市2020年度政府信息公开工作年度...", 2020, "海林市人民政府", R),
    ("区财政局2020年政府信息公开年…", 2020, "区财政局", R),
    ("2020年政府信息公开工作年度报告（更正…", 2020, None, C),
    ("东风区佳东街道办事处2020年政府信息公开工作年度报…", 2020, "东风区佳东街道办事处", R),
]

OTHER = "other"
# title, kind
LOOK_ALIKES: list[tuple[str, str]] = [
    ("关于做好2020年政府信息公开工作年度报告编制发布工作的通知", "notice"),
    ("关于报送2020年度政府信息公开工作年度报告的通知", "notice"),
    ("海林市人民政府办公室关于做好政府信息公开工作年度报告编制发布工作的通知", "notice"),
    ("关于印发海林市2020年政府信息公开工作年度报告的通知", "notice"),
    ("关于2019年度政府信息公开工作年度报告发布情况的通报", "notice"),
    (
        "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
        "notice",
    ),
    ("中华人民共和国政府信息公开工作年度报告格式", "notice"),
    ("关于做好2020年政府信息公开工作年…", "notice"),
    ("关于2020年政府信息公开工作年度报告的更正说明", "notice"),
    ("海林市2021年政务公开工作要点", "notice"),
    ("政府信息公开工作年度报告制度", "system"),
    ("海林市政府信息公开年报制度", "system"),
    ("《海林市2020年政府信息公开工作年度报告》文字解读", "interpretation"),
    ("图解：2020年政府信息公开工作年度报告", "interpretation"),
    ("一图读懂海林市2020年政府信息公开工作年度报告", "interpretation"),
    ("2020年政府信息公开工作年度报告解读", "interpretation"),
    ("海林市人民政府网站2020年工作年度报表", "website_report"),
    ("政府网站工作年度报表（2020年度）", "website_report"),
    ("海林市人民政府网站工作年度报表", "website_report"),
    ("关于开展2020年度企业年报公示工作的通告", "enterprise"),
    ("2020年度企业年报公示", "enterprise"),
    ("海林市2020年国民经济和社会发展统计公报", "statistics"),
    ("2020年统计年报", "statistics"),
    ("海林年鉴（2020）", "statistics"),
    ("2010年政府信息公开情况统计报表", "statistics"),
    ("海林市政府信息公开情况统计表（2011年）", "statistics"),
    ("海林市财政局2021年部门预算", "budget"),
    ("区财政局2020年部门决算公开", "budget"),
    ("海林市2020年法治政府建设年度报告", "rule_of_law"),
    ("2020年度法治政府建设情况报告", "rule_of_law"),
    ("2021年海林市政府工作报告", "work_report"),
    ("政府工作报告（2021年1月在海林市第十七届人民代表大会上）", "work_report"),
    ("2020年海林市国有资产管理情况报告", OTHER),
    ("海林市2020年度政务公开工作总结", OTHER),
    ("政府信息公开指南", OTHER),
    ("依申请公开", OTHER),
    ("2020年度报告", OTHER),
    ("2020年政府信息公开工作年度报告编制工作培训会", OTHER),
    ("关于征集政府信息公开工作年度报告意见的公告", "notice"),
    ("关于公布2020年政府信息公开工作年度报告的公告", "notice"),
    ("哈尔滨工业大学2020-2021学年信息公开工作年度报告", OTHER),
    ("海林市人民医院2020年信息公开年报", OTHER),
    ("海林市某某有限公司2020年环境信息公开年度报告", "enterprise"),
    ("前进区人民政府2020年政府信息…", OTHER),
    ("", OTHER),
]


@pytest.mark.parametrize(("title", "year", "organ", "kind"), REPORTS)
def test_reports(title: str, year: int | None, organ: str | None, kind: str) -> None:
    got = classify(title)
    assert got == Classification(True, year, organ, kind, got.reason), got.reason


@pytest.mark.parametrize(("title", "kind"), LOOK_ALIKES)
def test_look_alikes(title: str, kind: str) -> None:
    got = classify(title)
    assert not got.is_report, got
    assert got.kind == kind, got


def test_look_alike_year_is_kept_for_notices() -> None:
    got = classify("关于做好2020年政府信息公开工作年度报告编制发布工作的通知")
    assert got.year == 2020 and got.organ is None


def test_column_name_alone_is_not_a_report() -> None:
    assert classify("政府信息公开年报").kind == "column"
    assert not classify("年度报告").is_report


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


def test_cut_title_without_text_is_undecided() -> None:
    got = classify("政府信息公开…")
    assert not got.is_report and got.kind == "other" and "cut" in got.reason


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


@pytest.mark.parametrize(
    ("text", "year"),
    [("二〇二〇", 2020), ("二O二O", 2020), ("二零二一", 2021), ("一九九九", 1999), ("2019", 2019)],
)
def test_cn_year_to_int(text: str, year: int) -> None:
    assert cn_year_to_int(text) == year


def test_cn_year_rejects_non_years() -> None:
    assert cn_year_to_int("三〇二〇") is None
    assert cn_year_to_int("二〇二") is None
    assert arabic_years("二〇二〇年度") == "2020年度"
    assert arabic_years("二〇二〇") == "二〇二〇"  # only before 年


def test_normalize() -> None:
    assert normalize(" 海林市 2020 年\n政府信息公開\u3000工作&nbsp;年度報告 ") == (
        "海林市2020年政府信息公开工作年度报告"
    )


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
