"""``nianbao export`` in its three formats, each read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import Workspace
from tests.service.conftest import REPORTS

LICENSING = "proactive.licensing.decisions"


def _check(rows: list[dict]) -> None:
    assert len(rows) == REPORTS + 1  # one report in two versions
    hailin_2020 = [r for r in rows if r["organ"] == "海林市人民政府" and r["year"] == 2020]
    assert [r[LICENSING] for r in hailin_2020] == [22306, 22406]
    assert all(r["region_code"] == "231083" for r in rows)
    assert all(len(r["sha256"]) == 64 and r["version_id"] for r in rows)
    assert hailin_2020[0]["template"] == "2019"


def test_export_csv_to_stdout_and_file(shared: Workspace, tmp_path: Path) -> None:
    run = shared.run("export")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    for row in rows:
        row[LICENSING] = int(row[LICENSING]) if row[LICENSING] else None
        row["year"] = int(row["year"])
    _check(rows)
    out = tmp_path / "versions.csv"
    assert shared.run("export", "--out", str(out)).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == REPORTS + 1


def test_export_parquet_reads_back_typed(shared: Workspace, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "versions.parquet"
    run = shared.run("export", "--format", "parquet", "--out", str(out))
    assert run.returncode == 0, run.stderr
    table = pq.read_table(out)
    assert str(table.schema.field(LICENSING).type) == "int64"
    assert str(table.schema.field("proactive.procurement.amount").type) == "double"
    _check(table.to_pylist())


def test_export_xlsx_reads_back(shared: Workspace, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "versions.xlsx"
    run = shared.run("export", "--out", str(out))  # format from the suffix
    assert run.returncode == 0, run.stderr
    sheet = load_workbook(out, read_only=True)["versions"]
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    # read-only sheets drop trailing empty cells: pad them back
    _check([dict(zip(header, v + [None] * (len(header) - len(v)), strict=True)) for v in values])


def test_export_bad_input_exits_2(shared: Workspace, tmp_path: Path) -> None:
    binary = shared.run("export", "--format", "parquet")
    assert binary.returncode == 2 and "--out" in binary.stderr
    nowhere = shared.run("export", "--out", str(tmp_path / "no" / "such" / "x.csv"))
    assert nowhere.returncode == 2 and "does not exist" in nowhere.stderr
    bad = shared.run("export", "--format", "json")
    assert bad.returncode == 2
