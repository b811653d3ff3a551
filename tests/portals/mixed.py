"""A portal of a named platform: the mix the crawl benchmark and the cluster test serve.

Both build many portals of mixed platforms on distinct counties, mostly plain
lists as on real portals, with a few that need the browser (a script-built
list, a cookie challenge); this is the one place that maps a platform's name
to its builder.
"""

from __future__ import annotations

from tests.portals import Portal
from tests.portals.hanweb_xxgk import hanweb_portal, xxgk_portal
from tests.portals.plain import gbk_portal, trs_portal
from tests.portals.scripted import challenge_portal, jsbuilt_portal

#: the platforms ``build`` knows
KINDS = ("trs", "hanweb", "xxgk", "gbk", "jsbuilt", "challenge")


def build(kind: str, code: str, name: str, years: range = range(2020, 2023)) -> Portal:
    """A portal of platform ``kind`` for region ``code``; a challenge answers 521 or 412 by
    the code's parity (加速乐 and 瑞数 alike)."""
    if kind == "trs":
        return trs_portal(code, name, years)
    if kind == "hanweb":
        return hanweb_portal(code, name, years)
    if kind == "xxgk":
        return xxgk_portal(code, name, years)
    if kind == "gbk":
        return gbk_portal(code, name)
    if kind == "jsbuilt":
        return jsbuilt_portal(code, name, years)
    if kind == "challenge":
        return challenge_portal(code, name, status=521 if int(code) % 2 else 412)
    raise ValueError(f"no portal builder for {kind!r} (one of {', '.join(KINDS)})")
