"""How a change is said, once, for the diff page and every alert channel.

``change_lines`` names changed cells in the form's own words (from
``parsers.forms``), old → new; ``text_changes`` compares two versions' main
text sentence by sentence under the report's own headings (一、总体情况 …).
The table parts of the text are left out of the text comparison: a table row
flattened into text ("行政许可299-2522306") says nothing a reader can use,
and its numbers are already named cell by cell.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from parsers.forms import cell_label, cell_value_text
from parsers.headings import section_of
from parsers.labels import norm

#: changed cells listed in full up to this many; a longer list is cut with a count
MAX_CELLS = 50
#: sentence changes in a message; the service's diff page has them all
MAX_TEXT_CHANGES = 20
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、\D{2,40}$")
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*|[。！？；!?;]+")
_NARRATIVE_HEADS = ("总体情况", "存在的主要问题", "其他需要报告")
TABLE_SECTIONS = ("proactive", "requests", "review")
START = "（正文开头）"


def change_lines(
    changed: list[dict[str, Any]], template: str | None = None, limit: int | None = MAX_CELLS
) -> list[str]:
    """``{"cell", "old", "new"}`` → ``行政许可 · 处理决定数量：22306 → 22406``, one per cell.

    Beyond ``limit`` cells the list ends with how many more there are.
    """
    shown = changed if limit is None else changed[:limit]
    lines = [
        f"{cell_label(c['cell'], template)}："
        f"{cell_value_text(c.get('old'))} → {cell_value_text(c.get('new'))}"
        for c in shown
    ]
    if len(changed) > len(shown):
        lines.append(f"…… 另有 {len(changed) - len(shown)} 项")
    return lines


@dataclass(frozen=True)
class TextChange:
    """One run of changed sentences under one heading of the report."""

    heading: str
    kind: str  # 修改 | 新增 | 删除
    old: str
    new: str

    def marked(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Old and new as runs of ("same" | "del" | "ins", text), character by character."""
        matcher = difflib.SequenceMatcher(None, self.old, self.new, autojunk=False)
        old: list[tuple[str, str]] = []
        new: list[tuple[str, str]] = []

        def add(runs: list[tuple[str, str]], kind: str, text: str) -> None:
            if not text:
                return
            if runs and runs[-1][0] == kind:
                runs[-1] = (kind, runs[-1][1] + text)
            else:
                runs.append((kind, text))

        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            same = op == "equal"
            add(old, "same" if same else "del", self.old[i1:i2])
            add(new, "same" if same else "ins", self.new[j1:j2])
        return old, new


@dataclass(frozen=True)
class TextDiff:
    changes: list[TextChange]
    table_lines: int  # changed lines inside tables 二、三、四 (named as cells instead)


def _sentences(text: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(heading, sentence) of the narrative, and the lines that belong to the tables."""
    heading, section = START, None
    narrative: list[tuple[str, str]] = []
    table: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if _HEADING.match(line):
            found = section_of(norm(line))
            if (
                found in TABLE_SECTIONS
                or found == "end"
                or any(h in line for h in _NARRATIVE_HEADS)
            ):
                heading, section = line, found
                continue
            if section not in TABLE_SECTIONS:
                heading = line
                continue
        if section in TABLE_SECTIONS:
            table.append(line)
            continue
        narrative += [(heading, s.strip()) for s in _SENTENCE.findall(line) if s.strip()]
    return narrative, table


def text_changes(old: str | None, new: str | None) -> TextDiff:
    """The main text's changes, sentence by sentence, each under the heading it sits in."""
    a, table_a = _sentences(old)
    b, table_b = _sentences(new)
    matcher = difflib.SequenceMatcher(None, [s for _, s in a], [s for _, s in b], autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        heading = b[j1][0] if j2 > j1 else a[i1][0]
        kind = {"replace": "修改", "delete": "删除", "insert": "新增"}[op]
        old_text = "".join(s for _, s in a[i1:i2])
        new_text = "".join(s for _, s in b[j1:j2])
        changes.append(TextChange(heading, kind, old_text, new_text))
    tables = difflib.SequenceMatcher(None, table_a, table_b, autojunk=False)
    table_lines = sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in tables.get_opcodes() if op != "equal"
    )
    return TextDiff(changes, table_lines)


def text_change_lines(diff: TextDiff, limit: int | None = MAX_TEXT_CHANGES) -> list[str]:
    """The text changes as plain lines for a message: heading, then 原文 / 改为."""
    lines: list[str] = []
    heading = None
    shown = diff.changes if limit is None else diff.changes[:limit]
    for change in shown:
        if change.heading != heading:
            heading = change.heading
            lines.append(f"【{heading}】")
        if change.kind == "修改":
            lines += [f"  原文：{change.old}", f"  改为：{change.new}"]
        elif change.kind == "删除":
            lines.append(f"  删除：{change.old}")
        else:
            lines.append(f"  新增：{change.new}")
    if len(diff.changes) > len(shown):
        lines.append(f"…… 另有 {len(diff.changes) - len(shown)} 处正文变化")
    if diff.table_lines:
        lines.append(f"（表格部分有 {diff.table_lines} 行变化，数值变化已按数据项列出）")
    return lines


def attach_text_changes(session: Any, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each revision alert its ``text_changes`` lines, read from the two versions' texts."""
    from archive.models import ReportVersion

    for alert in alerts:
        if alert.get("kind") != "revised" or not alert.get("previous_version"):
            continue
        old = session.get(ReportVersion, alert["previous_version"])
        new = session.get(ReportVersion, alert["version_id"]) if alert.get("version_id") else None
        if old is not None and new is not None:
            alert["text_changes"] = text_change_lines(text_changes(old.text, new.text))
    return alerts
