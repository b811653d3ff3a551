"""The figures of the demo's reports: each year's cells, keyed as report/1 keys them.

A consistent 三 table (:func:`request_cells`) and the 2019, 2020 and 2021
reports of 海林市人民政府, which the demo portal (:mod:`nianbao.demo.hailin_portal`)
prints through :func:`nianbao.demo.report_html.report_body`, the second night
(:mod:`nianbao.demo.night2`) revises, and the test portals print too.  They are
data, not pages, so they live apart from the portal.
"""

from __future__ import annotations

from parsers.templates import APPLICANT_COLS as APPLICANTS


def request_cells(
    new: list[int], granted: list[int], withheld4: list[int]
) -> dict[str, int | None]:
    """A consistent 三 table: granted + 不予公开(4) = total = new, nothing carried."""
    cells: dict[str, int | None] = {}
    for row in (
        "new",
        "carried_over",
        "granted",
        "partial",
        "total",
        "carried_forward",
        *(f"withheld.{i}" for i in range(1, 9)),
        *(f"unavailable.{i}" for i in range(1, 4)),
        *(f"not_processed.{i}" for i in range(1, 6)),
    ):
        for a in APPLICANTS:
            cells[f"requests.{row}.{a}"] = 0
    for i, a in enumerate(APPLICANTS[:-1]):
        cells[f"requests.new.{a}"] = new[i]
        cells[f"requests.granted.{a}"] = granted[i]
        cells[f"requests.withheld.4.{a}"] = withheld4[i]
        cells[f"requests.total.{a}"] = granted[i] + withheld4[i]
    for row in ("new", "granted", "withheld.4", "total"):
        cells[f"requests.{row}.total"] = sum(
            cells[f"requests.{row}.{a}"] or 0 for a in APPLICANTS[:-1]
        )
    for g in ("review", "litigation_direct", "litigation_after_review"):
        for p in ("upheld", "corrected", "other", "pending", "total"):
            cells[f"{g}.{p}"] = 0
    cells["review.upheld"] = 1
    cells["review.total"] = 1
    return cells


def report_2020() -> dict[str, int | float | None]:
    c: dict[str, int | float | None] = {
        "proactive.rules.made": 0,
        "proactive.rules.published": 0,
        "proactive.rules.total": 0,
        "proactive.normative.made": 2,
        "proactive.normative.published": 2,
        "proactive.normative.total": 10,
        "proactive.licensing.prev_items": 299,
        "proactive.licensing.change": -25,
        "proactive.licensing.decisions": 22306,
        "proactive.other_services.prev_items": 61,
        "proactive.other_services.change": 1,
        "proactive.other_services.decisions": 2475,
        "proactive.penalty.prev_items": 1740,
        "proactive.penalty.change": -16,
        "proactive.penalty.decisions": 1409,
        "proactive.coercion.prev_items": 54,
        "proactive.coercion.change": 9,
        "proactive.coercion.decisions": 687,
        "proactive.fees.prev_items": 23,
        "proactive.fees.change": 0,
        "proactive.procurement.projects": 240,
        "proactive.procurement.amount": 2196.24,
    }
    c.update(request_cells([3, 0, 0, 0, 1, 0], [3, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]))
    for i in range(1, 4):
        c.pop(f"requests.other.{i}.total", None)
    for a in APPLICANTS:
        c[f"requests.other.{a}"] = 0
    return c


def report_2019() -> dict[str, int | float | None]:
    c = report_2020()
    c.update(
        {
            "proactive.licensing.prev_items": 310,
            "proactive.licensing.change": -11,
            "proactive.licensing.decisions": 19870,
            "proactive.procurement.projects": 198,
            "proactive.procurement.amount": 1850.5,
        }
    )
    return c


def report_2021() -> dict[str, int | float | None]:
    c: dict[str, int | float | None] = {
        "proactive.rules.issued": 0,
        "proactive.rules.repealed": 0,
        "proactive.rules.in_force": 0,
        "proactive.normative.issued": 4,
        "proactive.normative.repealed": 1,
        "proactive.normative.in_force": 13,
        "proactive.licensing.decisions": 20417,
        "proactive.penalty.decisions": 1288,
        "proactive.coercion.decisions": 402,
        "proactive.fees.amount": 318.5,
    }
    c.update(request_cells([5, 1, 0, 0, 0, 0], [4, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]))
    for i in range(1, 4):
        for a in APPLICANTS:
            c[f"requests.other.{i}.{a}"] = 0
    return c
