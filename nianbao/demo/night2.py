"""A second night on the demo portal: one report revised, one new, one withdrawn.

``nianbao demo --changes`` applies this to the running portal between two crawls so
that a person sees each kind of alert the nightly routine raises.
"""

from __future__ import annotations

from nianbao.demo.report_cells import report_2020
from nianbao.demo.report_html import report_body
from nianbao.demo.site import HTML, Site, add_article

BASE = "/zwgk/xxgknb"
REVISED = f"{BASE}/202102/t20210201_1001.html"
WITHDRAWN = f"{BASE}/202003/t20200331_0900.html"
NEW = f"{BASE}/202101/t20210125_0995.html"
NEW_TITLE = "海林市林业局2020年政府信息公开工作年度报告"


def second_night(site: Site) -> None:
    """Change ``site`` in place as a portal changes between two nightly crawls."""
    cells = report_2020()
    cells["proactive.licensing.decisions"] = 22360  # a corrected figure
    add_article(
        site,
        REVISED,
        "海林市2020年度政府信息公开工作年度报告",
        "2021-02-01",
        report_body("海林市人民政府", 2020, "2019", cells),
    )
    add_article(
        site, NEW, NEW_TITLE, "2021-01-25", report_body("海林市林业局", 2020, "2019", cells)
    )
    del site.files[WITHDRAWN]  # answers 404 from now on …
    _, listing = site.files[f"{BASE}/index.html"]
    start = listing.index(b'<li><a href="./202003/t20200331_0900.html"')
    end = listing.index(b"</li>", start) + len(b"</li>")
    listing = listing[:start] + listing[end:]  # … and no list links it any more
    new_item = f'<li><a href="./202101/t20210125_0995.html">{NEW_TITLE}</a></li>\n'
    listing = listing.replace(b'<ul class="list">\n', b'<ul class="list">\n' + new_item.encode())
    site.files[f"{BASE}/index.html"] = (HTML, listing)
