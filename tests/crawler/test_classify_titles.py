"""The report classifier on titles alone: reports, corrections and look-alikes.

Real-style titles (years in every spelling, organs named or not, cut in a
list, traditional characters) must classify as reports or corrections with
their year and organ; titles that only look like one (notices, 解读,
website reports, statistics, budgets) as what they are.  Also the Chinese
text helpers titles are read with: year spellings and normalisation.
"""

from __future__ import annotations

import pytest

from crawler.chinese_text import arabic_years, cn_year_to_int, normalize
from crawler.classify import Classification, classify

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


def test_cut_title_without_text_is_undecided() -> None:
    got = classify("政府信息公开…")
    assert not got.is_report and got.kind == "other" and "cut" in got.reason


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
