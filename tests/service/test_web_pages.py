"""The pages people read: the report as its printed tables, trends, the comparison, diffs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nianbao.config import Settings
from nianbao.web.app import create_app
from tests.service.conftest import History
from tests.service.counties import REVISED, WITHDRAWN, WRONG_TOTAL, Prefecture

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"


def client_for(db_url: str, archive: Path) -> TestClient:
    return TestClient(create_app(Settings(db_url=db_url, archive_dir=archive)))


@pytest.fixture(scope="module")
def client(history: History) -> Iterator[TestClient]:
    with client_for(f"sqlite:///{history.root / 'nianbao.db'}", history.root / "archive") as c:
        yield c


@pytest.fixture(scope="module")
def counties(prefecture: Prefecture) -> Iterator[TestClient]:
    root = Path(prefecture.db_url.removeprefix("sqlite:///")).parent
    with client_for(prefecture.db_url, root / "archive") as c:
        yield c


def revised(client: TestClient) -> dict:
    [alert] = [a for a in client.get("/api/alerts").json()["alerts"] if a["kind"] == "revised"]
    return client.get(f"/api/reports/{alert['report_id']}").json()


def svg(html: str, element_id: str) -> ET.Element:
    """The inline SVG with that id, parsed as XML (it must be well-formed to be drawn)."""
    match = re.search(rf'<svg [^>]*id="{element_id}".*?</svg>', html, re.S)
    assert match, element_id
    return ET.fromstring(match.group(0))


def cell(html: str, cell_id: str) -> re.Match[str]:
    found = re.search(
        rf'<td class="([^"]*)" data-cell="{re.escape(cell_id)}"[^>]*>([^<]*)</td>', html
    )
    assert found, cell_id
    return found


def test_report_page_is_the_printed_form(client: TestClient) -> None:
    report = revised(client)
    html = client.get(f"/report/{report['report_id']}").text
    for title in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert f"<h3>{title}</h3>" in html
    assert '<th rowspan="3" colspan="3">（本列数据的勾稽关系为' in html
    assert '<th colspan="5">法人或其他组织</th>' in html
    assert '<th scope="row" rowspan="20">三、本年度办理结果</th>' in html  # the 2019 form
    assert '<th colspan="10">行政诉讼</th>' in html
    assert cell(html, "proactive.licensing.decisions").group(2) == "22406"  # the newest version
    assert cell(html, "requests.new.total").group(2) == "4"
    assert 'id="report-status" class="status status-present">在线<' in html
    assert report["sources"][0] in html and "/timemap/link/" in html
    assert "国办公开办函〔2019〕60号格式" in html
    assert "本机关各年度报告" in html  # 2019, 2020, 2021 of 海林市人民政府
    first = report["versions"][0]["version_id"]
    old = client.get(f"/report/{report['report_id']}", params={"version": first}).text
    assert cell(old, "proactive.licensing.decisions").group(2) == "22306"
    assert f"#{first}（正在查看）" in old
    assert (
        client.get(f"/report/{report['report_id']}", params={"version": 999999}).status_code == 404
    )


def test_failed_checks_are_marked_in_the_tables(
    counties: TestClient, prefecture: Prefecture
) -> None:
    code, year, total, _ = WRONG_TOTAL
    html = counties.get(f"/report/{prefecture.reports[(code, year)]}").text
    assert "failed" in cell(html, total).group(1)  # the total that does not add up
    assert "part" in cell(html, "requests.new.natural_person").group(1)  # one of its parts
    assert (
        "勾稽关系不符：一、本年新收政府信息公开申请数量 · 总计 为 45，而相关 6 项之和为 44" in html
    )
    assert "一+二 = 45+3 = 48，三(七)+四 = 44+3 = 47" in html
    # 宁安市 writes 7 carried over; its 2020 report carried 3 forward
    html = counties.get(f"/report/{prefecture.reports[('231084', 2021)]}").text
    assert "failed" in cell(html, "requests.carried_over.total").group(1)
    assert "二、上年结转政府信息公开申请数量 · 总计 为 7，上年报告的结转下年度继续办理为 3" in html
    # 穆棱市: 20 → 150 requests is flagged softly; its 2021 report was withdrawn
    html = counties.get(f"/report/{prefecture.reports[WITHDRAWN]}").text
    assert "soft" in cell(html, "requests.new.total").group(1)
    assert "本年 150，上年 20" in html and 'data-code="yoy_outlier"' in html
    assert 'id="status-banner"' in html and ">已撤下<" in html
    # the first year has no year before: no cross-year flag, and the page says so
    html = counties.get(f"/report/{prefecture.reports[('231083', 2020)]}").text
    assert (
        "未存档上一年度报告" in html
        and "flag-" not in html.split('id="checks"')[1].split("</section>")[0]
    )


def test_region_page_draws_the_figures_over_the_years(client: TestClient) -> None:
    html = client.get("/region/231083").text
    assert "历年主要数据：海林市人民政府" in html
    requests = svg(html, "chart-requests")
    bars = requests.findall(f"{SVG}rect[@class='bar']")
    drawn = {(b.get("data-category"), b.get("data-series")): b.get("data-value") for b in bars}
    assert drawn[("2020", "本年新收申请")] == "4" and drawn[("2021", "办理结果总计")] == "6"
    heights = {k: float(b.get("height")) for k, b in zip(drawn, bars, strict=True)}
    assert heights[("2021", "本年新收申请")] == pytest.approx(
        heights[("2020", "本年新收申请")] * 1.5, abs=0.2
    )
    share = svg(html, "chart-granted-share")
    assert [p.get("data-value") for p in share.findall(f"{SVG}circle")] == [
        "100.0",
        "100.0",
        "83.3",
    ]
    fees = svg(html, "chart-fees")
    assert [b.get("data-value") for b in fees.findall(f"{SVG}rect[@class='bar']")] == ["318.5"]
    assert "均为 0" in ET.tostring(svg(html, "chart-litigation"), encoding="unicode")
    review = svg(html, "chart-review").findall(f"{SVG}rect[@class='bar']")
    assert {b.get("data-series") for b in review if b.get("data-value") != "0"} == {"结果维持"}
    other = client.get("/region/231083", params={"organ": "海林市财政局"}).text
    assert "历年主要数据：海林市财政局" in other


def test_prefecture_compares_its_counties(counties: TestClient) -> None:
    html = counties.get("/region/231000").text
    assert 'href="/region/231000/compare"' in html
    html = counties.get("/region/231000/compare").text
    assert "黑龙江省牡丹江市下辖地区对比 · 2021 年度" in html
    names = re.findall(r'<tr data-code="(\d+)">', html)
    assert names == ["231085", "231081", "231084", "231083", "231086"]  # by requests, none last
    chart = svg(html, "compare-chart")
    bars = chart.findall(f"{SVG}rect[@class='bar']")
    assert [b.get("data-category") for b in bars] == [
        "穆棱市",
        "绥芬河市",
        "宁安市",
        "海林市",
        "东宁市",
    ]
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == pytest.approx(widths[3] * 10)  # 150 and 15
    assert widths[-1] == 0 and "无本级政府年报" in html
    by_fees = counties.get("/region/231000/compare", params={"sort": "fees", "order": "asc"}).text
    assert re.findall(r'<tr data-code="(\d+)">', by_fees)[:4] == [
        "231081",
        "231085",
        "231084",
        "231083",
    ]
    assert 'aria-sort="ascending"' in by_fees
    old = counties.get("/region/231000/compare", params={"year": 2020, "sort": "name"}).text
    assert "2020 年度" in old and re.findall(r'<tr data-code="(\d+)">', old)[0] == "231086"
    assert counties.get("/region/231000/compare", params={"sort": "nonsense"}).status_code == 400
    province = counties.get("/region/230000/compare", params={"level": "county"}).text
    assert len(re.findall(r'<tr data-code="', province)) == 5


def test_diff_page_and_alerts_speak_chinese(client: TestClient) -> None:
    report = revised(client)
    a, b = (v["version_id"] for v in report["versions"])
    html = client.get(f"/report/{report['report_id']}/diff", params={"a": a, "b": b}).text
    assert "<li>行政许可 · 处理决定数量：22306 → 22406</li>" in html
    assert "<li>政府集中采购 · 采购总金额（万元）：2196.24 → 2296.24</li>" in html
    assert "<h2>正文变化</h2>" in html and "表格部分有 2 行变化" in html
    assert "version " not in html  # no English diff header
    feed = ET.fromstring(client.get("/alerts.atom").content)
    entry = feed.findall(f"{ATOM}entry")[0]
    content = entry.findtext(f"{ATOM}content")
    assert "行政许可 · 处理决定数量：22306 → 22406" in content
    assert "proactive.licensing" not in content
    assert "正文变化（按句比较）" in content
    assert entry.findtext(f"{ATOM}summary").endswith(
        "：行政许可 · 处理决定数量：22306 → 22406；政府集中采购 · 采购总金额（万元）：2196.24 → 2296.24"
    )


def test_revised_text_compared_by_sentence_on_the_page_and_in_the_feed(
    counties: TestClient, prefecture: Prefecture
) -> None:
    report_id = prefecture.reports[REVISED]
    a, b = (v["version_id"] for v in counties.get(f"/api/reports/{report_id}").json()["versions"])
    html = counties.get(f"/report/{report_id}/diff", params={"a": a, "b": b}).text
    assert (
        "<li>行政复议 · 结果维持：2 → 3</li>" in html and "<li>行政复议 · 总计：3 → 4</li>" in html
    )
    # listed in the form's order: 结果维持 before 总计
    assert html.index('data-cell="review.upheld"') < html.index('data-cell="review.total"')
    section = html.split('<div id="text-changes">')[1].split("</div>\n</div>")[0]
    assert '<h3 class="text-heading">一、总体情况</h3>' in section
    assert "<strong>原文：</strong>配备专职工作人员<del>2</del>名。" in section
    assert "<strong>改为：</strong>配备专职工作人员<ins>3</ins>名。" in section
    assert "表格部分另有 1 行变化" in html  # 结果维持2 → 3, named as a cell above
    feed = ET.fromstring(counties.get("/alerts.atom").content)
    [entry] = [e for e in feed.findall(f"{ATOM}entry") if "修订" in e.findtext(f"{ATOM}title")]
    content = entry.findtext(f"{ATOM}content")
    assert "  行政复议 · 结果维持：2 → 3" in content
    assert (
        "正文变化（按句比较）：\n【一、总体情况】\n  原文：配备专职工作人员2名。\n"
        "  改为：配备专职工作人员3名。\n（表格部分有 1 行变化" in content
    )
