"""Flags: arithmetic rules, missing cells, injected text, template mismatch."""

from __future__ import annotations

from parsers.checks import missing_flag, sum_flags
from parsers.injection import find_injected
from parsers.pipeline import parse_document
from parsers.templates import APPLICANT_COLS, cell_ids, result_rows
from tests.parsers.layouts import as_document, report_blocks


def consistent(template: str = "2019") -> dict[str, int | None]:
    """Values that satisfy every rule of the template."""
    cells: dict[str, int | None] = dict.fromkeys(cell_ids(template), 0)
    for row in ("new", "granted", "total"):
        cells[f"requests.{row}.natural_person"] = 3
        cells[f"requests.{row}.commercial"] = 1
        cells[f"requests.{row}.total"] = 4
    cells["review.corrected"] = cells["review.total"] = 2
    return cells


def flagged_cells(flags: list[dict]) -> set[str]:
    return {c for f in flags if f["code"] == "sum_mismatch" for c in f["cells"][:1]}


def test_consistent_values_raise_nothing() -> None:
    for template in ("2019", "2021"):
        assert sum_flags(consistent(template), template) == []


def test_row_total_rule() -> None:
    cells = consistent()
    cells["requests.withheld.4.research"] = 1
    assert "requests.withheld.4.total" in flagged_cells(sum_flags(cells, "2019"))


def test_column_total_rule_names_the_total_cell() -> None:
    cells = consistent()
    cells["requests.partial.legal_services"] = 1
    cells["requests.partial.total"] = 1
    got = flagged_cells(sum_flags(cells, "2019"))
    assert {"requests.total.legal_services", "requests.total.total"} <= got


def test_carry_over_rule() -> None:
    cells = consistent("2021")
    cells["requests.carried_over.other_org"] = 2
    cells["requests.carried_over.total"] = 2
    flags = sum_flags(cells, "2021")
    assert any("requests.carried_forward.other_org" in f["cells"] for f in flags)


def test_review_and_litigation_totals() -> None:
    cells = consistent()
    cells["litigation_direct.pending"] = 1
    cells["review.total"] = 5
    got = flagged_cells(sum_flags(cells, "2019"))
    assert {"litigation_direct.total", "review.total"} <= got


def test_rules_skip_null_cells() -> None:
    cells = consistent()
    cells["requests.granted.research"] = None
    assert sum_flags(cells, "2019") == []
    assert missing_flag(cells, "2019")["cells"] == ["requests.granted.research"]


def test_result_rows_per_template() -> None:
    assert "requests.other" in result_rows("2019")
    assert "requests.other.3" in result_rows("2021") and "requests.other" not in result_rows("2021")
    assert len(APPLICANT_COLS) == 7


def test_injected_words_found() -> None:
    text = "根据《国务院办公厅球迷网印发2020年政务公开工作要点的通知》，本报告由XX县编制。"
    assert "球迷网" in find_injected(text)
    assert find_injected("欢迎访问澳门新葡京，注册送彩金。")
    site = "省政府办公厅{0}印发通知。市政府{0}进一步做好。释放{0}积极信号。县委{0}加强领导。"
    assert "足彩网" in find_injected(site.format("足彩网"))


def test_spam_hosts_and_brand_words() -> None:
    assert find_injected("更多信息请访问 www.888bet.vip 或 abc.xyz。")
    assert find_injected("娱乐场现金开户，真人荷官在线。")


def test_report_vocabulary_is_not_spam() -> None:
    text = (
        "办理娱乐场所经营许可12件；为老年人等无码人员提供通行便利；"
        "来信请发送至 xxgk@163.com，或访问 www.gov.cn 和 weibo.com 官方账号。"
    )
    assert find_injected(text) == []


def test_clean_text_is_not_flagged() -> None:
    text = (
        "在区政府门户网站、中国政府网和互联网发布信息，依托政务网、国家电网和电子政务外网，"
        "门户网站改版，门户网运行良好，门户网访问量上升，互联网+政务服务，互联网医院。"
        "严厉打击赌场和网赌违法犯罪活动。国务院办公厅关于印发2020年政务公开工作要点的通知。"
    )
    assert find_injected(text) == []


def test_template_mismatch_flag() -> None:
    blocks = report_blocks("2021", {}, 2021)
    blocks[4].rows.append(["其他对外管理服务事项", "1", "0", "1"])
    blocks[4].rows.append(["信息内容", "采购项目数量", "采购总金额", ""])
    report = parse_document(as_document(blocks))
    assert any(f["code"] == "template_mismatch" for f in report["flags"])


def test_no_template_mismatch_on_a_clean_form() -> None:
    report = parse_document(as_document(report_blocks("2021", {}, 2021)))
    assert not any(f["code"] == "template_mismatch" for f in report["flags"])


def test_injected_word_in_a_document_without_text() -> None:
    blocks = report_blocks("2019", {}, 2020)
    blocks[2] = "根据《国务院办公厅球迷网印发2020年政务公开工作要点的通知》要求。"
    doc = as_document(blocks)
    doc.text = ""
    report = parse_document(doc)
    assert any(f["code"] == "injected_text" for f in report["flags"])
