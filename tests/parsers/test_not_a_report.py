"""Look-alikes raise NotAReport; the CLI reports them and still parses the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import load_commands
from parsers import NotAReport, ParseError, parse_bytes
from tests.parsers.seed_files import SEEDS

NOTICE = (
    "关于做好2020年政府信息公开工作年度报告编制工作的通知\n\n各乡镇人民政府：\n\n请按时报送。\n"
)
BULLETIN = "XX县2020年国民经济和社会发展统计公报\n\n一、综合\n\n全年地区生产总值123亿元。\n"
GRAPHIC = "图解：XX县2020年政府信息公开工作年度报告\n\n一图读懂年度报告。\n"


@pytest.mark.parametrize("text", [NOTICE, BULLETIN, GRAPHIC])
def test_look_alikes_are_not_reports(text: str) -> None:
    with pytest.raises(NotAReport) as info:
        parse_bytes(text.encode("utf-8"), "x.txt")
    assert "\n" not in str(info.value)


def test_empty_file_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_bytes(b"  \n", "empty.txt")


def test_report_that_lost_its_tables_is_still_a_report() -> None:
    text = (
        "XX县人民政府2020年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度工作扎实推进。\n\n"
        "二、主动公开政府信息情况\n\n三、收到和处理政府信息公开申请情况\n\n"
        "四、政府信息公开行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n\n无。\n"
    )
    report = parse_bytes(text.encode("utf-8"), "lost.txt")
    assert report["year"] == 2020 and report["template"] == "2019"
    assert all(v is None for v in report["cells"].values())
    codes = {f["code"] for f in report["flags"]}
    assert {"missing_cells", "template_unknown"} <= codes


def test_cli_exit_2_and_parses_the_good_files(tmp_path: Path) -> None:
    bad = tmp_path / "notice.txt"
    bad.write_text(NOTICE, encoding="utf-8")
    good = sorted(SEEDS.glob("*.txt"))[:2]
    result = CliRunner().invoke(
        load_commands(), ["parse", str(bad), *map(str, good), "--format", "json"]
    )
    assert result.exit_code == 2
    reports = json.loads(result.stdout)
    assert [r["schema"] for r in reports] == ["report/1", "report/1"]
    assert "notice.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
