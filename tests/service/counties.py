"""A prefecture of five counties with two years of reports, written through the archive's own code.

Crawling five portals would take a minute; what the comparison and the
cross-year checks need is the database a crawl leaves, so the reports are
recorded here with the same functions the pipeline calls (organs, reports,
versions and their alerts), into a real SQLite database migrated by Alembic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.db import open_database
from archive.models import Capture, Document, Region
from archive.reports import SourceContent, get_or_create_organ, get_or_create_report, record_version
from parsers.checks import sum_flags
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS, cell_ids

PREFECTURE = ("231000", "牡丹江市")
#: code, name and, per year, (new, granted, carried over, review total, review corrected, fees);
#: three requests of every county go on to the next year, so 2021 carries 3 over, except
#: 宁安市, which writes 7 (carry_over_mismatch); 穆棱市's requests jump from 20 to 150 (yoy_outlier)
COUNTIES: dict[tuple[str, str], dict[int, tuple[int, int, int, int, int, float]]] = {
    ("231081", "绥芬河市"): {2020: (40, 30, 0, 2, 1, 0.0), 2021: (44, 33, 3, 1, 0, 12.5)},
    ("231083", "海林市"): {2020: (12, 9, 0, 1, 0, 0.0), 2021: (15, 12, 3, 3, 1, 318.5)},
    ("231084", "宁安市"): {2020: (25, 20, 2, 0, 0, 0.0), 2021: (28, 14, 7, 2, 2, 80.0)},
    ("231085", "穆棱市"): {2020: (20, 15, 0, 1, 0, 0.0), 2021: (150, 120, 3, 4, 1, 45.0)},
}
#: a county with no report at all: it is listed, without figures
SILENT = ("231086", "东宁市")
#: 绥芬河市 2021: 一、本年新收 total written wrong (the six columns sum to 44)
WRONG_TOTAL = ("231081", 2021, "requests.new.total", 45)
WITHDRAWN = ("231085", 2021)


def cells_for(year: int, figures: tuple[int, int, int, int, int, float]) -> dict[str, Any]:
    """A consistent table: natural persons ask everything; what is not granted is withheld (4)."""
    new, granted, carried, review, corrected, fees = figures
    template = "2021" if year >= 2021 else "2019"
    cells: dict[str, Any] = dict.fromkeys(cell_ids(template), 0)
    forward = 3 if new >= 10 else 0
    answered = new + carried - forward
    person = {
        "new": new,
        "carried_over": carried,
        "granted": granted,
        "withheld.4": answered - granted,
        "total": answered,
        "carried_forward": forward,
    }
    for row, value in person.items():
        cells[f"requests.{row}.natural_person"] = value
        cells[f"requests.{row}.total"] = value
    for group in REVIEW_GROUPS:
        for part in REVIEW_PARTS:
            cells[f"{group}.{part}"] = 0
    cells.update({"review.total": review, "review.corrected": corrected})
    cells["review.upheld"] = review - corrected
    if template == "2021":
        cells["proactive.fees.amount"] = fees
    return cells


#: 海林市 2021 is revised a week later: one sentence of 一、总体情况 and 行政复议 (3 → 4 upheld)
REVISED = ("231083", 2021)


def text_for(organ: str, year: int, cells: dict[str, Any], staff: int = 2) -> str:
    """A report's main text: narrative under the six headings, the tables flattened between."""
    return "\n".join(
        [
            f"本报告由{organ}根据《中华人民共和国政府信息公开条例》编制。",
            "一、总体情况",
            f"{year}年，{organ}认真落实政务公开工作要点。配备专职工作人员{staff}名。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "三、收到和处理政府信息公开申请情况",
            f"一、本年新收政府信息公开申请数量{cells['requests.new.total']}",
            "四、政府信息公开行政复议、行政诉讼情况",
            f"结果维持{cells['review.upheld']}",
            "五、存在的主要问题及改进情况",
            "公开内容的全面性还需加强。",
        ]
    )


@dataclass
class Prefecture:
    db_url: str
    reports: dict[tuple[str, int], int]  # (county code, year) → report id


class _Recorder:
    """Captures, documents and versions as the ingest writes them, one capture after another."""

    def __init__(self, session: Any) -> None:
        self.s, self.n = session, 0

    def record(
        self, organ: Any, year: int, cells: dict[str, Any], text: str, when: datetime
    ) -> Any:
        self.n += 1
        template = "2021" if year >= 2021 else "2019"
        parsed = {
            "schema": "report/1",
            "organ": organ.name,
            "region_code": organ.region_code,
            "year": year,
            "template": template,
            "cells": cells,
            "flags": sum_flags(cells, template),
        }
        url = f"http://127.0.0.1/{organ.id}/{year}.html"
        sha = f"{self.n:064x}"
        cap = Capture(
            url=url,
            fetched_at=when,
            status=200,
            request_headers=[],
            response_headers=[],
            content_type="text/html",
            sha256=sha,
            size=1,
            warc_file="none.warc.gz",
            warc_offset=0,
            warc_length=0,
            warc_record_id=f"<urn:uuid:{self.n}>",
            warc_type="response",
        )
        self.s.add(cap)
        title = f"{organ.name}{year}年政府信息公开工作年度报告"
        report, _ = get_or_create_report(self.s, organ, year, title)
        doc = self.s.scalars(select(Document).where(Document.url == url)).first()
        if doc is None:
            doc = Document(
                url=url,
                kind="article",
                title=title,
                report_id=report.id,
                first_seen=when,
                last_seen=when,
            )
            self.s.add(doc)
        self.s.flush()
        record_version(self.s, report, doc, SourceContent(cap.id, sha, parsed, text), None, when)
        return report


def build(root: Path) -> Prefecture:
    db_url = f"sqlite:///{root / 'nianbao.db'}"
    sessions = open_database(db_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    ids: dict[tuple[str, int], int] = {}
    with sessions() as s:
        s.add(Region(code="230000", name="黑龙江省", level="province", full_name="黑龙江省"))
        s.add(
            Region(
                code=PREFECTURE[0],
                name=PREFECTURE[1],
                level="prefecture",
                parent_code="230000",
                full_name="黑龙江省牡丹江市",
            )
        )
        for code, name in [*COUNTIES, SILENT]:
            s.add(
                Region(
                    code=code,
                    name=name,
                    level="county",
                    parent_code=PREFECTURE[0],
                    full_name=f"黑龙江省牡丹江市{name}",
                )
            )
        s.flush()
        recorder = _Recorder(s)
        for (code, name), years in COUNTIES.items():
            government = get_or_create_organ(s, code, f"{name}人民政府")
            department = get_or_create_organ(s, code, f"{name}财政局")
            for year, figures in years.items():
                cells = cells_for(year, figures)
                if (code, year) == WRONG_TOTAL[:2]:
                    cells[WRONG_TOTAL[2]] = WRONG_TOTAL[3]
                report = recorder.record(
                    government, year, cells, text_for(government.name, year, cells), now
                )
                ids[(code, year)] = report.id
                if (code, year) == WITHDRAWN:
                    report.status = "withdrawn"
                if (code, year) == REVISED:
                    cells = {**cells, "review.upheld": cells["review.upheld"] + 1}
                    cells["review.total"] += 1
                    text = text_for(government.name, year, cells, staff=3)
                    recorder.record(government, year, cells, text, now + timedelta(days=7))
                small = cells_for(year, (1, 1, 0, 0, 0, 0.0))
                recorder.record(
                    department, year, small, text_for(department.name, year, small), now
                )
        s.commit()
    return Prefecture(db_url, ids)
