"""Metadata: organ, region, year covered, published date."""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.document import Document
from parsers.metadata import metadata


def meta(*paras: str, **kw: str) -> dict:
    return metadata(Document(blocks=list(paras), text="\n".join(paras), source_format="t", **kw))


@pytest.mark.parametrize(
    ("paras", "organ", "year"),
    [
        (["XX县人民政府2020年政府信息公开工作年度报告"], "XX县人民政府", 2020),
        (["2021年XX市生态环境局政府信息公开工作年度报告"], "XX市生态环境局", 2021),
        (["东风区佳东街道办事处2020年", "政府信息公开工作年度报告"], "东风区佳东街道办事处", 2020),
        (
            ["海林市二〇二〇年政府信息公开工作年度报告", "海林市人民政府现将报告公布如下。"],
            "海林市人民政府",
            2020,
        ),
        (
            ["南山区 2019 年政府信息公开工作年度报告", "现将2019年鹤岗市南山区人民政府报告公布。"],
            "鹤岗市南山区人民政府",
            2019,
        ),
    ],
)
def test_organ_and_year_from_title(paras: list[str], organ: str, year: int) -> None:
    m = meta(*paras)
    assert (m["organ"], m["year"]) == (organ, year)


def test_year_covered_is_not_the_year_published() -> None:
    m = meta(
        "政府信息公开工作年度报告",
        "本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。",
        "2021年1月20日",
    )
    assert (m["year"], m["published"]) == (2020, "2021-01-20")


def test_published_from_a_date_field() -> None:
    assert (
        meta("XX县2020年政府信息公开工作年度报告", "发布日期：2021-02-01")["published"]
        == "2021-02-01"
    )
    assert meta("t", published="2021-03-05")["published"] == "2021-03-05"


def test_region_with_province_and_city() -> None:
    m = meta(
        "四方台区人民政府办公室2021年政府信息公开工作年度报告",
        "根据《黑龙江省人民政府办公厅通知》和《双鸭山市人民政府办公室通知》要求。",
    )
    assert m["region"] == "黑龙江省双鸭山市四方台区"


def test_legacy_report_is_kept_and_flagged() -> None:
    text = (
        "XX县人民政府2015年政府信息公开工作年度报告\n\n一、概述\n\n本年度工作扎实推进。\n\n"
        "二、主动公开政府信息情况\n\n共公开信息100条。\n\n六、存在的主要问题及改进措施\n\n无。\n"
    )
    report = parse_bytes(text.encode("utf-8"))
    assert report["year"] == 2015 and report["template"] is None
    assert [f["code"] for f in report["flags"]] == ["legacy_layout"]


def test_title_found_behind_page_chrome() -> None:
    m = meta(
        "首页 > 政务公开 > 政府信息公开年报",
        "字号：大 中 小",
        "2020年XX县人民政府信息公开工作年度报告",
        "发布时间：2021-01-25",
        "XX县人民政府信息公开工作年度报告正文。",
    )
    assert (m["organ"], m["year"], m["published"]) == ("XX县人民政府", 2020, "2021-01-25")


def test_published_in_chinese_numerals_and_region_code() -> None:
    m = meta(
        "XX县人民政府2020年政府信息公开工作年度报告",
        "正文。",
        "XX县人民政府",
        "二〇二一年一月二十八日",
        "网站标识码：2308040001",
    )
    assert (m["published"], m["region_code"]) == ("2021-01-28", "230804")


def test_organ_from_page_metadata_when_the_title_has_none() -> None:
    m = meta("政府信息公开工作年度报告（2020年）", "正文。", meta={"ContentSource": "XX县民政局"})
    assert m["organ"] == "XX县民政局"


def test_region_and_code_from_the_division_registry() -> None:
    m = meta(
        "海林市人民政府2020年政府信息公开工作年度报告", "牡丹江市各部门配合，海林市人民政府编制。"
    )
    assert (m["region"], m["region_code"]) == ("黑龙江省牡丹江市海林市", "231083")


def test_township_report_belongs_to_its_county() -> None:
    m = meta("东风区佳东街道办事处2020年", "政府信息公开工作年度报告", "佳木斯市东风区佳东街道。")
    assert (m["region"], m["region_code"]) == ("黑龙江省佳木斯市东风区", "230805")


def test_bare_name_shared_by_two_provinces_is_decided_by_the_text() -> None:
    """南山区 is in 鹤岗 and in 深圳: the text decides."""
    m = meta("南山区人民政府2021年政府信息公开工作年度报告", "广东省深圳市南山区人民政府编制。")
    assert m.get("region_code") == "440305"
    assert m["region"] == "广东省深圳市南山区"


def test_organ_as_the_report_writes_it() -> None:
    """The report says 四方台区人民政府办公室 throughout and names the city
    once in a contact line: the organ is the name it uses."""
    m = meta(
        "四方台区人民政府办公室2021年政府信息公开工作年度报告",
        "2021年度，四方台区人民政府办公室按照新修订的条例，四方台区人民政府办公室全面总结。",
        "请与双鸭山市四方台区人民政府办公室联系。",
    )
    assert m["organ"] == "四方台区人民政府办公室"
    assert m["region_code"] == "230505"


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf_reportlab"])
def test_seed_metadata_in_every_format(fmt, seeds, html_files, docx_files, rl_pdfs) -> None:
    files = {"html": html_files, "docx": docx_files, "pdf_reportlab": rl_pdfs}[fmt]
    codes = {"000": "230804", "001": "231083", "002": "230404", "003": "230805", "004": "230505"}
    for name, seed in seeds.items():
        report = parse_bytes(files[name], f"{name}.{fmt}")
        want = (seed.expected["organ"], seed.expected["region"], codes[name[:3]])
        assert (report["organ"], report["region"], report.get("region_code")) == want, name
