"""The export as an analyst reads it: pandas round trips with the types, both shapes,
the filters, and a codebook named from the forms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from parsers.forms import cell_name
from tests.conftest import Workspace
from tests.service.conftest import REPORTS

LICENSING = "proactive.licensing.decisions"
DATES = ["first_seen", "last_seen"]
AS_TEXT = {"region_code": str, "template": str, "sha256": str}


def read(path: Path) -> pd.DataFrame:
    """How a person reads each format into pandas (codes kept as text, dates parsed)."""
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=AS_TEXT, parse_dates=DATES, encoding="utf-8-sig")
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_excel(path, sheet_name="versions", dtype=AS_TEXT)


def export(ws: Workspace, path: Path, *args: str) -> pd.DataFrame:
    run = ws.run("export", "--out", str(path), *args)
    assert run.returncode == 0, run.stderr
    return read(path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_wide_round_trip_keeps_the_types(shared: Workspace, tmp_path: Path, suffix: str) -> None:
    df = export(shared, tmp_path / f"wide{suffix}")
    assert len(df) == REPORTS + 1  # one report in two versions
    assert pd.api.types.is_bool_dtype(df["latest"])
    for col in DATES:
        assert pd.api.types.is_datetime64_any_dtype(df[col]), (col, df[col].dtype)
    assert all(pd.api.types.is_integer_dtype(df[c]) for c in ("year", "version", "report_id"))
    assert pd.api.types.is_numeric_dtype(df[LICENSING])
    assert df["region_code"].eq("231083").all()
    levels = set(zip(df["province"], df["prefecture"], df["county"], strict=True))
    assert levels == {("黑龙江省", "牡丹江市", "海林市")}
    revised = df[(df["organ"] == "海林市人民政府") & (df["year"] == 2020)].sort_values("version")
    assert list(revised["version"]) == [1, 2] and list(revised["latest"]) == [False, True]
    assert list(revised[LICENSING]) == [22306, 22406]
    assert revised["source_url"].str.endswith("/t20210201_1001.html").all()
    assert (revised["last_seen"] >= revised["first_seen"]).all()
    assert revised["first_seen"].iloc[1] > revised["first_seen"].iloc[0]
    assert set(df["status"]) == {"present"} and set(df["status_zh"]) == {"在线"}
    assert df["latest"].sum() == REPORTS
    # cells follow the form: 二 before 三 before 四
    cells = [c for c in df.columns if "." in c]
    assert cells.index("proactive.rules.made") < cells.index("requests.new.natural_person")
    assert cells.index("requests.new.natural_person") < cells.index("review.upheld")


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_long_shape_is_one_filter_away_from_a_table(
    shared: Workspace, tmp_path: Path, suffix: str
) -> None:
    df = export(shared, tmp_path / f"long{suffix}", "--shape", "long")
    assert list(df.columns[-2:]) == ["cell", "value"]
    assert pd.api.types.is_float_dtype(df["value"])
    assert pd.api.types.is_bool_dtype(df["latest"])
    assert pd.api.types.is_datetime64_any_dtype(df["first_seen"])
    one = df[(df["cell"] == LICENSING) & df["latest"]]
    assert len(one) == REPORTS  # every report holds the cell (null where it lost it)
    assert 22406.0 in set(one["value"])
    per_version = df.groupby("version_id")["cell"].count()
    assert per_version.min() >= 198  # every cell of the form, nulls included
    assert df.loc[df["cell"] == "proactive.procurement.amount", "value"].max() == 2296.24


def test_filters(shared: Workspace, tmp_path: Path) -> None:
    latest = export(shared, tmp_path / "latest.parquet", "--latest")
    assert len(latest) == REPORTS and latest["latest"].all()
    year = export(shared, tmp_path / "y.parquet", "--year", "2020")
    assert set(year["year"]) == {2020} and len(year) == 3  # two reports, one revised
    region = export(shared, tmp_path / "r.parquet", "--region", "牡丹江市")  # the prefecture
    assert len(region) == REPORTS + 1
    both = export(shared, tmp_path / "b.csv", "--region", "231083", "--year", "2019", "--latest")
    assert list(zip(both["organ"], both["year"], strict=True)) == [("海林市人民政府", 2019)]
    unknown = shared.run("export", "--region", "不存在市")
    assert unknown.returncode == 2 and "unknown region" in unknown.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_codebook_names_every_exported_cell(shared: Workspace, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"codebook{suffix}"
    run = shared.run("export", "--codebook", str(path))
    assert run.returncode == 0 and run.stdout == "", run.stderr  # alone: only the codebook
    if suffix == ".csv":
        book = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        book = pd.read_excel(path, sheet_name="codebook", dtype=str)
    else:
        book = pd.read_parquet(path)
    assert list(book.columns) == ["cell", "template", "table", "row", "column", "unit"]
    assert set(book["template"]) == {"2019", "2021"}
    licensing = book[(book["cell"] == LICENSING) & (book["template"] == "2019")].iloc[0]
    named = cell_name(LICENSING, "2019")  # the forms own the words
    assert (licensing["table"], licensing["row"], licensing["column"]) == (
        named.table,
        named.row,
        named.column,
    )
    assert licensing["table"].startswith("二、") and licensing["row"] == "行政许可"
    amount = book[book["cell"] == "proactive.procurement.amount"].iloc[0]
    assert amount["unit"] == "万元"
    wide = export(shared, tmp_path / "wide.parquet")
    exported = {c for c in wide.columns if "." in c}
    assert exported <= set(book["cell"])
