"""The wording of a change (cells and text) and the charts' geometry, on plain data."""

from __future__ import annotations

from nianbao.notify.wording import change_lines, text_change_lines, text_changes
from nianbao.web.charts import Series, bar_chart, column_chart, line_chart, nice_max

OLD = """本报告由海林市人民政府编制。
一、总体情况
2020年，本府认真落实公开要点。全年发布信息 100 条。
二、主动公开政府信息情况
第二十条第（一）项
行政许可299-2522306
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量3000104
四、结转下年度继续办理
四、政府信息公开行政复议、行政诉讼情况
结果维持结果纠正
五、存在的主要问题及改进情况
公开内容的全面性还需加强。
六、其他需要报告的事项
无。"""


def test_changed_cells_in_chinese_old_to_new() -> None:
    changed = [
        {"cell": "proactive.licensing.decisions", "old": 22306, "new": 22406},
        {"cell": "requests.withheld.4.total", "old": None, "new": 2.0},
    ]
    assert change_lines(changed) == [
        "行政许可 · 处理决定数量：22306 → 22406",
        "（三）不予公开 4.保护第三方合法权益 · 总计：空 → 2",
    ]
    many = [{"cell": f"review.{p}", "old": 0, "new": 1} for p in ("upheld", "other", "total")]
    assert change_lines(many, limit=2)[-1] == "…… 另有 1 项"


def test_text_compared_by_sentence_under_its_headings_tables_left_out() -> None:
    new = (
        OLD.replace("全年发布信息 100 条。", "全年发布信息 120 条。新设专栏一个。")
        .replace("22306", "22406")
        .replace("四、结转下年度继续办理", "四、结转下年度继续办理0")
        .replace("无。", "")
    )
    diff = text_changes(OLD, new)
    assert [(c.heading, c.kind) for c in diff.changes] == [
        ("一、总体情况", "修改"),
        ("六、其他需要报告的事项", "删除"),
    ]
    first = diff.changes[0]
    assert (first.old, first.new) == (
        "全年发布信息 100 条。",
        "全年发布信息 120 条。新设专栏一个。",
    )
    old_runs, new_runs = first.marked()
    assert ("del", "0") in old_runs and ("ins", "2") in new_runs
    assert diff.table_lines == 2  # the 行政许可 row and 四、结转下年度 of table 三
    lines = text_change_lines(diff)
    assert lines[:3] == [
        "【一、总体情况】",
        "  原文：全年发布信息 100 条。",
        "  改为：全年发布信息 120 条。新设专栏一个。",
    ]
    assert lines[-1].startswith("（表格部分有 2 行变化")
    assert text_changes(OLD, OLD).changes == []


def test_axes_and_bars_are_to_scale() -> None:
    assert nice_max(147) == (150, 50)
    assert nice_max(7) == (8, 2) and nice_max(6) == (6, 2)
    assert nice_max(0) == (1.0, 0.25)
    chart = bar_chart(["甲", "乙", "丙"], [150, 30, None], "件")
    bars = chart.marks
    assert bars[0].w == chart.plot_w and abs(bars[1].w - chart.plot_w / 5) < 1e-6
    assert bars[2].w == 0 and bars[2].text == "无数据"
    cols = column_chart(["2019", "2020"], [Series("a", [4, None]), Series("b", [2, 8])])
    assert [m.text for m in cols.marks] == ["4", "2", "8"]
    assert cols.marks[1].h * 4 == cols.marks[2].h  # 2 and 8 on one axis
    stacked = column_chart(["2020"], [Series("a", [1]), Series("b", [3])], stacked=True)
    low, high = stacked.marks
    assert abs(high.y + high.h - low.y) < 1e-6  # b sits on top of a
    share = line_chart(["2019", "2020", "2021"], [Series("s", [100, None, 80])])
    assert share.lines == [] and len(share.marks) == 2  # a gap is not bridged
    assert column_chart(["2020"], [Series("a", [0])]).zero
