"""The pages' Chinese words for what is not a cell: statuses, templates, flags.

Cells are named by ``parsers.forms`` (the template's own wording); this
module only adds what a reader of a page needs around them.
"""

from __future__ import annotations

from typing import Any

from parsers.forms import cell_label, cell_value_text

__all__ = ["FLAG_NAMES", "STATUS", "TEMPLATES", "cell_label", "flag_text"]

STATUS = {
    "present": "在线",
    "missing": "栏目中未再出现",
    "withdrawn": "已撤下",
}
TEMPLATES = {
    "2019": "国办公开办函〔2019〕60号格式",
    "2021": "国办公开办函〔2021〕30号格式",
}
FLAG_NAMES = {
    "sum_mismatch": "勾稽关系不符",
    "missing_cells": "缺少数据",
    "carry_over_mismatch": "上年结转与上年报告不一致",
    "yoy_outlier": "与上年相比变化超过五倍",
    "template_mismatch": "混用两种模板",
    "template_unknown": "未识别出模板",
    "injected_text": "疑似被植入的文字",
    "unaligned_row": "数值未能确定所属列",
}
#: flags whose cells are shown as failed (red); the others are soft (a reader should look)
HARD = {"sum_mismatch", "carry_over_mismatch"}


def flag_text(flag: dict[str, Any], cells: dict[str, Any], template: str | None) -> str:
    """One sentence in Chinese saying what a flag found, with the cells' labels and values."""
    code = str(flag.get("code"))
    ids = [str(c) for c in flag.get("cells") or []]
    name = FLAG_NAMES.get(code, code)
    if code == "sum_mismatch" and len(ids) == 4 and "carried_over" in ids[1]:
        new, old, total, forward = (cells.get(i) for i in ids)
        column = cell_label(ids[0], template).rsplit(" · ", 1)[-1]
        if new is not None and old is not None and total is not None and forward is not None:
            return (
                f"{name}（{column}列）："
                f"一+二 = {cell_value_text(new)}+{cell_value_text(old)}"
                f" = {cell_value_text(new + old)}，"
                f"三(七)+四 = {cell_value_text(total)}+{cell_value_text(forward)}"
                f" = {cell_value_text(total + forward)}"
            )
    if code == "sum_mismatch" and ids:
        total, parts = ids[0], ids[1:]
        got = sum(v for p in parts if isinstance(v := cells.get(p), int | float))
        return (
            f"{name}：{cell_label(total, template)} 为 {cell_value_text(cells.get(total))}，"
            f"而相关 {len(parts)} 项之和为 {cell_value_text(got)}"
        )
    if code == "yoy_outlier" and ids:
        return (
            f"{name}：{cell_label(ids[0], template)} 本年 {cell_value_text(cells.get(ids[0]))}，"
            f"上年 {cell_value_text(flag.get('previous'))}"
        )
    if code == "carry_over_mismatch":
        before = flag.get("previous") or {}
        return f"{name}：" + "；".join(
            f"{cell_label(c, template)} 为 {cell_value_text(cells.get(c))}，"
            f"上年报告的结转下年度继续办理为 {cell_value_text(before.get(c))}"
            for c in ids
        )
    if code == "missing_cells":
        return f"{name}：模板中有 {len(ids)} 项数据在文件中没有找到（显示为“—”）"
    return f"{name}：{flag.get('message', '')}"
