"""A realistic archive for the lookup benchmark, written with bulk inserts.

One province, 20 prefectures of 10 counties, 5 organs each, reports on 5
years (a fifth of them in two versions, each version a ~200-cell report/1),
an article URL per report, as many list-page URLs, and the captures spread
over them.  Kept apart from the timing so that tests can build a small one.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Capture, Document, Organ, Region, Report, ReportVersion

PREFECTURES, COUNTIES, ORGANS, YEARS = 20, 10, 5, (2019, 2020, 2021, 2022, 2023)
CHUNK = 5000
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _cells(rng: random.Random) -> dict[str, int]:
    """About 200 cells, the size of a real report/1, so the region lookup decodes real JSON."""
    return {f"requests.row{i // 7}.col{i % 7}": rng.randint(0, 500) for i in range(198)}


def build(sessions: sessionmaker[Session], n_captures: int, seed: int = 7) -> dict[str, list[str]]:
    """Fill the database; returns the URLs and region codes to look up."""
    rng = random.Random(seed)
    regions: list[dict[str, Any]] = [
        {"code": "990000", "name": "测试省", "level": "province", "parent_code": None}
    ]
    for p in range(1, PREFECTURES + 1):
        pcode = f"99{p:02d}00"
        regions.append(
            {"code": pcode, "name": f"测试{p}市", "level": "prefecture", "parent_code": "990000"}
        )
        for c in range(1, COUNTIES + 1):
            regions.append(
                {
                    "code": f"99{p:02d}{c:02d}",
                    "name": f"测试{p}市{c}县",
                    "level": "county",
                    "parent_code": pcode,
                }
            )
    organs = [
        {"id": i + 1, "region_code": r["code"], "name": f"{r['name']}机关{k}"}
        for i, (r, k) in enumerate((r, k) for r in regions[1:] for k in range(ORGANS))
    ]
    reports: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    report_urls: list[str] = []
    for organ in organs:
        for year in YEARS:
            rid = len(reports) + 1
            reports.append(
                {
                    "id": rid,
                    "organ_id": organ["id"],
                    "year": year,
                    "title": f"{organ['name']}{year}年报告",
                    "status": "present",
                }
            )
            url = f"http://gov{organ['id']}.example.cn/zwgk/xxgknb/{year + 1}02/t{rid:07d}.html"
            report_urls.append(url)
            documents.append(
                {
                    "id": rid,
                    "url": url,
                    "kind": "article",
                    "report_id": rid,
                    "first_seen": T0,
                    "last_seen": T0,
                }
            )
            for v in range(1 if rng.random() < 0.8 else 2):
                versions.append(
                    {
                        "report_id": rid,
                        "capture_id": 1,
                        "document_id": rid,
                        "content_hash": uuid.uuid4().hex * 2,
                        "sha256": uuid.uuid4().hex * 2,
                        "first_seen": T0 + timedelta(days=v),
                        "last_seen": T0 + timedelta(days=v),
                        "parser_version": "bench",
                        "parsed": {
                            "schema": "report/1",
                            "year": year,
                            "template": "2019",
                            "cells": _cells(rng),
                        },
                        "text": None,
                    }
                )
    other_urls = [
        f"http://gov{rng.randint(1, len(organs))}.example.cn/zwgk/list_{i}.html"
        for i in range(len(report_urls))
    ]
    all_urls = report_urls + other_urls
    with sessions() as s:
        for table, rows in (
            (Region, regions),
            (Organ, organs),
            (Report, reports),
            (Document, documents),
        ):
            for i in range(0, len(rows), CHUNK):
                s.execute(insert(table), rows[i : i + CHUNK])
        captures: list[dict[str, Any]] = []
        for i in range(n_captures):
            url = all_urls[i % len(all_urls)]
            captures.append(
                {
                    "url": url,
                    "method": "GET",
                    "fetched_at": T0 + timedelta(minutes=i),
                    "status": 200,
                    "request_headers": [],
                    "response_headers": [["Content-Type", "text/html"]],
                    "content_type": "text/html",
                    "sha256": f"{i:064x}",
                    "size": 1000 + i % 5000,
                    "warc_file": f"bench-{i // 10000:05d}.warc.gz",
                    "warc_offset": i * 100,
                    "warc_length": 100,
                    "warc_record_id": f"<urn:uuid:{uuid.UUID(int=i)}>",
                    "warc_type": "response",
                    "changed": i >= len(all_urls),
                }
            )
            if len(captures) == CHUNK:
                s.execute(insert(Capture), captures)
                captures = []
        if captures:
            s.execute(insert(Capture), captures)
        for i in range(0, len(versions), CHUNK):
            s.execute(insert(ReportVersion), versions[i : i + CHUNK])
        s.commit()
    counties = [r["code"] for r in regions if r["level"] == "county"]
    prefectures = [r["code"] for r in regions if r["level"] == "prefecture"]
    captured = all_urls[: min(n_captures, len(all_urls))]
    return {"urls": captured, "counties": counties, "prefectures": prefectures}
