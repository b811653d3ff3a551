"""The shipped registry and the seeds-file reader."""

from __future__ import annotations

import pytest

from registry.name_forms import short_name
from registry.regions import Region, full_name, load_registry, resolve
from registry.seeds import SeedsError, read_seeds_csv

PREFECTURES = {
    "230100": "哈尔滨市",
    "230200": "齐齐哈尔市",
    "230300": "鸡西市",
    "230400": "鹤岗市",
    "230500": "双鸭山市",
    "230600": "大庆市",
    "230700": "伊春市",
    "230800": "佳木斯市",
    "230900": "七台河市",
    "231000": "牡丹江市",
    "231100": "黑河市",
    "231200": "绥化市",
    "232700": "大兴安岭地区",
}


def current(level: str) -> list[Region]:
    return [r for r in load_registry() if r.level == level and r.current]


def test_province_and_all_prefectures() -> None:
    provinces = {r.code: r.name for r in current("province")}
    assert len(provinces) == 34  # 31 + 台湾省, 香港, 澳门
    assert provinces["230000"] == "黑龙江省" and provinces["110000"] == "北京市"
    assert provinces["650000"] == "新疆维吾尔自治区" and provinces["540000"] == "西藏自治区"
    heilongjiang = {r.code: r.name for r in current("prefecture") if r.parent_code == "230000"}
    assert heilongjiang == PREFECTURES
    assert len(current("prefecture")) == 333
    assert all(r.parent_code in provinces for r in current("prefecture"))


def test_county_level_units() -> None:
    counties = [r for r in current("county") if r.own_report]
    assert 2840 <= len(counties) <= 2860
    per_prefecture = {p: sum(r.parent_code == p for r in counties) for p in PREFECTURES}
    assert per_prefecture["230100"] == 18
    assert per_prefecture["230700"] == 10
    assert per_prefecture["232700"] == 3
    assert sum(per_prefecture.values()) == 121
    # counties under a 直辖市 or directly under a province hang from the province
    assert resolve("东城区").parent_code == "110000"  # type: ignore[union-attr]
    assert resolve("仙桃市").parent_code == "420000"  # type: ignore[union-attr]


def test_units_without_a_report_of_their_own() -> None:
    """大兴安岭's 管理区 are known (not matched to a wrong code) and flagged."""
    region = resolve("加格达奇区")
    assert region is not None and region.code == "232761"
    assert region.parent_code == "232700" and not region.own_report


def test_codes_unique_and_rows_consistent() -> None:
    rows = load_registry()
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes))
    by_code = {r.code: r for r in rows}
    for r in rows:
        assert r.code.isdigit() and len(r.code) in (6, 9)
        if r.parent_code:
            assert r.parent_code in by_code
        if r.superseded_by:
            assert r.valid_to is not None
            assert by_code[r.superseded_by].current
        if r.url:
            assert r.url.startswith("http")
            assert r.url_source in ("shipped", "seed")
    assert sum(r.valid_to is not None for r in rows) > 300  # retired codes since 2004


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("231083", "231083"),
        ("海林市", "231083"),
        ("海林", "231083"),
        ("海林市人民政府", "231083"),
        ("黑龙江省牡丹江市海林市", "231083"),
        ("230804", "230804"),
        ("前进区", "230804"),
        ("黑龙江省佳木斯市前进区", "230804"),
        ("鹤岗市南山区", "230404"),
        ("海南省", "460000"),
        ("崇文区", "110101"),  # merged into 东城区 in 2010
        ("黔西县", "520581"),
        ("恩施市", "422801"),
        ("巴里坤县", "650521"),
        ("北京市人民政府", "110000"),
        ("四方台区", "230505"),
        ("东风区", "230805"),
        ("东风区佳东街道办事处", "230805008"),
        ("佳东街道", "230805008"),
        ("230805008000", "230805008"),
        ("230805000000", "230805"),
        ("大兴安岭", "232700"),
        ("伊春", "230700"),
        # superseded codes and names resolve to their successor
        ("230702", "230717"),
        ("伊春区", "230717"),
        ("230705", "230751"),
        ("230709", "230751"),
        ("230716", "230719"),
        ("230704", "230719"),
        ("230182", "230113"),
        ("双城市", "230113"),
        ("双城", "230113"),
        ("230106", "230110"),
        ("香坊区", "230110"),
        ("动力区", "230110"),
        ("230105", "230104"),
        ("231121", "231183"),
        ("232723", "232701"),
        ("231024", "231086"),
        ("230833", "230883"),
    ],
)
def test_resolve(query: str, code: str) -> None:
    region = resolve(query)
    assert region is not None, query
    assert region.code == code
    assert region.current


@pytest.mark.parametrize(
    "query", ["向阳区", "南山区", "", "  ", "999999", "230999", "朝阳区", "恩施"]
)
def test_resolve_unknown_or_ambiguous(query: str) -> None:
    assert resolve(query) is None


def test_qualified_name_disambiguates() -> None:
    assert resolve("佳木斯市向阳区").code == "230803"  # type: ignore[union-attr]
    assert resolve("鹤岗市向阳区").code == "230402"  # type: ignore[union-attr]


def test_full_name() -> None:
    assert full_name("231083") == "黑龙江省牡丹江市海林市"
    assert full_name("230804") == "黑龙江省佳木斯市前进区"
    assert full_name("230000") == "黑龙江省"
    assert full_name("230805008") == "黑龙江省佳木斯市东风区佳东街道"
    assert full_name("230702") == "黑龙江省伊春市伊春区"
    with pytest.raises(KeyError):
        full_name("999999")


def test_seed_regions_match_the_expected_reports() -> None:
    for region, code in [
        ("黑龙江省佳木斯市前进区", "230804"),
        ("黑龙江省牡丹江市海林市", "231083"),
        ("黑龙江省鹤岗市南山区", "230404"),
        ("黑龙江省佳木斯市东风区", "230805"),
        ("黑龙江省双鸭山市四方台区", "230505"),
    ]:
        assert full_name(code) == region
        assert resolve(region).code == code  # type: ignore[union-attr]


def test_urls_only_where_known() -> None:
    seeds = {r.code: r.url for r in load_registry() if r.url_source == "seed"}
    assert seeds == {
        "230804": "http://www.jmsqjq.gov.cn/",
        "231083": "http://www.hailin.gov.cn/",
        "230505": "http://www.syssft.gov.cn/zwgkx/index.jsp",
    }
    shipped = {r.code: r.url for r in load_registry() if r.url_source == "shipped"}
    assert len(shipped) == 31
    assert all(r.level == "province" for r in load_registry() if r.url_source == "shipped")
    assert shipped["110000"] == "https://www.beijing.gov.cn/"
    assert {r.code for r in load_registry() if r.url} == set(seeds) | set(shipped)


def test_short_name() -> None:
    assert short_name("海林市") == "海林"
    assert short_name("杜尔伯特蒙古族自治县") == "杜尔伯特"
    assert short_name("恩施土家族苗族自治州") == "恩施"
    assert short_name("郊区") == "郊区"
    assert short_name("大兴安岭地区") == "大兴安岭"


GOOD = (
    "code,name,level,parent_code,url\n"
    "230804,前进区,county,230800,http://www.jmsqjq.gov.cn/\n"
    "231083,海林市,county,231000,http://www.hailin.gov.cn/\n"
)


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "seeds.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_read_seeds_csv(tmp_path) -> None:
    seeds = read_seeds_csv(
        write(tmp_path, GOOD + "\n230805008,佳东街道,township,230805,https://x.gov.cn\n")
    )
    assert [s.code for s in seeds] == ["230804", "231083", "230805008"]
    assert seeds[1] == Region("231083", "海林市", "county", "231000", "http://www.hailin.gov.cn/")
    assert seeds[2].level == "township"


def test_read_seeds_csv_accepts_bom(tmp_path) -> None:
    assert len(read_seeds_csv(write(tmp_path, "\ufeff" + GOOD))) == 2


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("code,name,level,url\n230804,前进区,county,http://a.cn/\n", 1, "header"),
        ("", 1, "header"),
        ("code, name,level,parent_code,url\n", 1, "header"),
        (GOOD + '230805,"东风\n区",county,230800,ftp://a.cn/\n', 4, "url"),
        (GOOD + '230805,"东风区,county,230800,http://a.cn/\n', 4, "fields"),
        (GOOD + "23080,前进区,county,230800,http://a.cn/\n", 4, "code"),
        (GOOD + "abc123,前进区,county,230800,http://a.cn/\n", 4, "code"),
        (GOOD + "230805,东风区,district,230800,http://a.cn/\n", 4, "level"),
        (GOOD + "230805,东风区,county,230800,ftp://a.cn/\n", 4, "url"),
        (GOOD + "230805,东风区,county,230800,www.a.cn\n", 4, "url"),
        (GOOD + "230805,东风区,county,230800\n", 4, "fields"),
        (GOOD + "230804,前进区,county,230800,http://a.cn/\n", 4, "twice"),
        (GOOD + "230805,,county,230800,http://a.cn/\n", 4, "name"),
        (GOOD + "230805,东风区,county,2308,http://a.cn/\n", 4, "parent_code"),
    ],
)
def test_read_seeds_csv_rejects(tmp_path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SeedsError) as err:
        read_seeds_csv(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}:")
    assert words in message


def test_read_seeds_csv_rejects_non_utf8(tmp_path) -> None:
    path = write(tmp_path, GOOD, encoding="gb18030")
    with pytest.raises(SeedsError, match="UTF-8"):
        read_seeds_csv(path)
    with pytest.raises(SeedsError, match="cannot read"):
        read_seeds_csv(tmp_path / "missing.csv")
