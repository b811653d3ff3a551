"""A simulated 黑龙江 government web on loopback addresses, for ``nianbao regions discover``.

The provincial portal (127.0.0.2) links its prefectures through a header
jump menu and a 市县政府网站 page with a table of short names; prefecture
portals link their counties in 政府网站群 blocks.  In between: a link through
an HTTP redirect and one through a ``<meta refresh>``, decoys (人大, 县委,
法院, 融媒体中心, 政务服务网, a ministry, another province, a 市委 site behind a
plain county name), the same name under two prefectures (向阳区), a name
shared by two prefectures on the provincial page (placed nowhere), a merged
unit's old name (美溪区 → 伊美区), a GB2312 page, a 管理区 without a GB/T code (加格达奇区), a dead
link, a portal that robots.txt closes, and prefectures and counties that
nothing links.
"""

from __future__ import annotations

from nianbao.demo.site import HTML, Hit, Reply, Site


def _page(title: str, body: str, charset: str = "utf-8") -> tuple[str, bytes]:
    html = (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body>{body}<div class=footer>网站标识码 2300000001</div></body></html>"
    )
    return f"text/html; charset={charset}", html.encode(charset)


def _links(port: int, items: list[tuple[str, str]]) -> str:
    return "".join(
        f'<li><a href="http://127.0.0.{h}:{port}/" target=_blank>{t}</a></li>' for h, t in items
    )


def province_web(port: int) -> dict[str, Site]:
    """Address → site; every site on ``port``.  ``EXPECTED`` says what discovery must find."""
    u = lambda host, path="/": f"http://127.0.0.{host}:{port}{path}"  # noqa: E731
    menu = "".join(
        f'<option value="{u(h)}">{t}</option>'
        for h, t in [(3, "哈尔滨市"), (4, "鹤岗市人民政府"), (90, "吉林省人民政府")]
    )
    sites: dict[str, Site] = {}

    def site(host: int, title: str, body: str, **files: tuple[str, bytes]) -> Site:
        s = Site(title, files={"/": _page(title, body), **{f"/{k}": v for k, v in files.items()}})
        sites[f"127.0.0.{host}"] = s
        return s

    site(
        2,
        "黑龙江省人民政府",
        '<div class=top><select onchange="window.open(this.value)">'
        f'<option value="">市（地）政府网站</option>{menu}</select></div>'
        '<a href="/szfwz.html">市县政府网站</a>'
        + _links(
            port,
            [
                (35, "向阳区"),  # 鹤岗 or 佳木斯: cannot be placed from here
                (45, "黑龙江省人大常委会"),
                (46, "黑龙江政务服务网"),
                (47, "民政部"),
                (91, "长春市人民政府"),
            ],
        )
        + f'<a href="{u(2)}">首页</a>',
        **{
            "szfwz.html": _page(
                "市县政府网站",
                "<table><tr>"
                + "".join(
                    f'<td><a href="{u(h)}">{t}</a></td>'
                    for h, t in [
                        (4, "鹤岗"),
                        (9, "佳木斯"),
                        (6, "牡丹江"),
                        (8, "大兴安岭"),
                    ]
                )
                # through the portal's own redirect endpoint
                + f'<td><a href="/r/jump.jsp?url={u(7)}">伊春</a></td>'
                + "</tr></table>",
            )
        },
    )
    sites["127.0.0.2"].routes["/r/jump.jsp"] = lambda hit: Reply(
        302, HTML, b"", [("Location", hit.query.removeprefix("url="))]
    )
    site(3, "哈尔滨市人民政府", "<p>冰城</p>")
    site(
        4,
        "鹤岗市人民政府",
        "<div class=wzq><h3>政府网站群</h3><ul>"
        + _links(
            port,
            [
                (21, "向阳区"),
                (22, "南山区人民政府"),
                (40, "向阳区人大"),
                (41, "兴山区委"),
                (33, "东山区"),  # nothing answers there
            ],
        )
        + "</ul></div>",
    )
    # 佳木斯 is linked through a host that redirects to its portal
    sites["127.0.0.9"] = Site(
        "redirect",
        routes={"/": lambda hit: Reply(301, HTML, b"", [("Location", u(5, "/index.html"))])},
    )
    site(
        5,
        "佳木斯市人民政府门户网站",
        "",
        **{
            "index.html": _page(
                "佳木斯市人民政府门户网站",
                "<ul>"
                + _links(
                    port,
                    [
                        (23, "向阳"),
                        (24, "前进区政府"),
                        (25, "东风区"),
                        (42, "佳木斯融媒体中心"),
                        (43, "佳木斯市中级人民法院"),
                        (36, "齐齐哈尔市"),  # another prefecture: not placed under 佳木斯
                    ],
                )
                + "</ul>",
            )
        },
    )
    site(
        6,
        "牡丹江市人民政府",
        "<table><tr><th>县（市）区政府</th></tr><tr>"
        + "".join(
            f'<td><a href="{u(h)}">{t}</a></td>'
            for h, t in [(27, "海林"), (28, "宁安"), (44, "穆棱")]
        )
        + "</tr></table>",
    )
    # an old portal: GB2312, declared only in its <meta>
    ctype, html = sites["127.0.0.6"].files["/"]
    sites["127.0.0.6"].files["/"] = (
        "text/html",
        html.decode("utf-8").replace('charset="utf-8"', 'charset="gb2312"').encode("gb2312"),
    )
    site(7, "伊春市人民政府", _links(port, [(29, "美溪区")]))
    site(8, "大兴安岭地区行政公署", _links(port, [(30, "加格达奇区"), (31, "漠河市")]))
    for host, title in [
        (21, "鹤岗市向阳区人民政府"),
        (22, "鹤岗市南山区人民政府"),
        (23, "佳木斯市向阳区人民政府"),
        (24, "佳木斯市前进区人民政府"),
        (26, "佳木斯市东风区人民政府"),
        (27, "海林市人民政府"),
        (29, "伊春市伊美区人民政府"),
        (30, "加格达奇区政府"),
        (31, "漠河市人民政府"),
        (34, "鹤岗市南山区人民政府"),
        (35, "向阳区人民政府"),
        (36, "齐齐哈尔市人民政府"),
        (40, "鹤岗市向阳区人大"),
        (41, "中共鹤岗市兴山区委员会"),
        (42, "佳木斯融媒"),
        (43, "佳木斯市中级人民法院"),
        (44, "中共穆棱市委"),  # a plain county name, but the 市委's site
        (45, "黑龙江省人大"),
        (46, "黑龙江政务服务网"),
        (47, "民政部"),
        (90, "吉林省人民政府"),  # another province's live portal
        (91, "长春市人民政府"),
    ]:
        site(host, title, "<p>欢迎</p>")
    # 东风区 moved: its old address sends browsers on with a <meta refresh>
    sites["127.0.0.25"] = Site(
        "moved",
        files={
            "/": (
                HTML,
                f'<html><head><meta http-equiv="refresh" content="0;url={u(26)}"></head></html>'.encode(),
            )
        },
    )
    site(
        28,
        "宁安市人民政府",
        "<p>宁安</p>",
        **{"robots.txt": ("text/plain", b"User-agent: *\nDisallow: /\n")},
    )
    return sites


def expected(port: int) -> dict[str, str]:
    """Code → the URL discovery must record (after redirects)."""
    u = lambda host, path="/": f"http://127.0.0.{host}:{port}{path}"  # noqa: E731
    return {
        "230100": u(3),
        "230400": u(4),
        "230800": u(5, "/index.html"),
        "231000": u(6),
        "230700": u(7),
        "232700": u(8),
        "230402": u(21),
        "230404": u(22),
        "230803": u(23),
        "230804": u(24),
        "230805": u(26),
        "231083": u(27),
        "230717": u(29),  # linked as 美溪区, merged into 伊美区 in 2019
        "232761": u(30),  # 加格达奇区: its own row, flagged, not a county code
        "232701": u(31),
    }


def move_nanshan(sites: dict[str, Site], port: int) -> None:
    """南山区 moves to another host: 鹤岗's page now links 127.0.0.34."""
    page = sites["127.0.0.4"].files["/"]
    old, new = f"127.0.0.22:{port}", f"127.0.0.34:{port}"
    sites["127.0.0.4"].files["/"] = (page[0], page[1].replace(old.encode(), new.encode()))


__all__ = ["Hit", "expected", "move_nanshan", "province_web"]
