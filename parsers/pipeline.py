"""bytes → Document → report/1: the one path every caller uses.

Order matters: the template is decided from the document's own headings and
row labels before any value is read, because the two templates give the
same row label (行政许可) different columns.
"""

from __future__ import annotations

from dataclasses import replace

from parsers.checks import missing_flag, run_flags, sum_flags, template_flag, unaligned_flag
from parsers.document import Document
from parsers.errors import NotAReport
from parsers.extract import extract
from parsers.headings import detect_template
from parsers.injection import injected_flag
from parsers.labels import norm
from parsers.metadata import metadata
from parsers.readers import read_document
from parsers.rows import iter_rows
from parsers.templates import cell_ids

#: headings of the report's parts; a report that lost its tables still has them
SECTION_HEADINGS: tuple[str, ...] = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请",
)
SECTION_HEADINGS += ("行政复议", "存在的主要问题", "其他需要报告的事项")
MIN_ROWS = 4  # template rows a document must hold to count as a report on tables alone


def parse_document_bytes(data: bytes, filename: str | None = None) -> dict[str, object]:
    return parse_document(read_document(data, filename))


def _texts(doc: Document) -> list[str]:
    return [norm(t) for cells, _, _ in iter_rows(doc) for t in cells if t and t.strip()]


def _looks_like_report(doc: Document, rows_found: int, title: str) -> bool:
    """Template tables alone make a report; without them, a report title and
    the report's part headings do (a page that lost its tables).  Notices
    about the reports, 解读 and 图解 pages name a report but are none."""
    if rows_found >= MIN_ROWS:
        return True
    named = ("信息公开" in title or "政务公开" in title) and (
        "年度报告" in title or "年报" in title
    )
    if not named or any(w in title for w in ("通知", "解读", "图解", "报表", "编制")):
        return False
    body = norm(doc.text)
    return rows_found > 0 or sum(h in body for h in SECTION_HEADINGS) >= 2


def parse_document(doc: Document) -> dict[str, object]:
    """A Document (from any reader) → ``report/1``; raises NotAReport."""
    if not doc.text.strip():  # a reader that gave blocks only: text is their sum
        lines = [
            b if isinstance(b, str) else "\n".join("\t".join(r) for r in b.rows) for b in doc.blocks
        ]
        doc = replace(doc, text="\n".join(lines))
    texts = _texts(doc)
    template, votes = detect_template(texts)
    meta = metadata(doc)
    if template is None:
        # tables lost or never there: the year decides, and the report says so
        year = meta.get("year")
        template = "2021" if isinstance(year, int) and year >= 2021 else "2019"
    ex = extract(doc, template)
    legacy = not any(votes.values()) and not ex.rows_found and _before_2019(meta.get("year"))
    if not _looks_like_report(doc, len(ex.rows_found), str(meta.get("title") or "")):
        title = str(meta.get("title") or "")[:40]
        what = f"“{title}” is " if title else ""
        raise NotAReport(
            f"{what}not a 政府信息公开工作年度报告 (no report title, headings or template tables)"
        )
    if legacy:
        return _legacy_report(meta)
    flags = sum_flags(ex.cells, template) + run_flags(ex.runs, template)
    for flag in (
        missing_flag(ex.cells, template),
        unaligned_flag(ex.unaligned, template),
        template_flag(votes, template, ex.foreign),
        injected_flag(doc.text),
    ):
        if flag is not None:
            flags.append(flag)
    if ex.fuzzy:
        flags.append(
            {
                "code": "fuzzy_label",
                "cells": [c for c in cell_ids(template) if c.rsplit(".", 1)[0] in ex.fuzzy],
                "message": "labels read by likeness (publisher typos): "
                + "; ".join(f"{label} → {key}" for key, label in ex.fuzzy.items()),
            }
        )
    if ex.converted:
        flags.append(
            {
                "code": "unit_converted",
                "cells": ex.converted,
                "message": "amounts written in 元 were converted to the template's 万元",
            }
        )
    if doc.warnings:
        flags.append(
            {
                "code": "reader_warnings",
                "cells": [],
                "message": "; ".join(dict.fromkeys(doc.warnings))[:500],
            }
        )
    if not any(votes.values()):
        flags.append(
            {
                "code": "template_unknown",
                "cells": [],
                "message": f"no template headings found; assumed {template} from the year",
            }
        )
    return {
        "schema": "report/1",
        "organ": meta["organ"],
        "region": meta["region"],
        **({"region_code": meta["region_code"]} if "region_code" in meta else {}),
        "year": meta["year"],
        "template": template,
        "published": meta["published"],
        "title": meta["title"],
        "cells": ex.cells,
        "flags": flags,
    }


def _before_2019(year: object) -> bool:
    return isinstance(year, int) and year < 2019


def _legacy_report(meta: dict[str, object]) -> dict[str, object]:
    """Reports on 2008–2018 follow a free-form layout without the template
    tables: kept with their metadata, no cells, and flagged as such."""
    return {
        "schema": "report/1",
        "organ": meta["organ"],
        "region": meta["region"],
        "year": meta["year"],
        "template": None,
        "published": meta["published"],
        "title": meta["title"],
        "cells": {},
        "flags": [
            {
                "code": "legacy_layout",
                "cells": [],
                "message": f"a report on {meta['year']} in the free-form layout used before "
                "the 2019 template: no template cells",
            }
        ],
    }
