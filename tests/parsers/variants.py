"""Seeds changed the way real reports differ from them: blank cells, lone values.

Each variant is a ``Seed`` whose expected cells carry the change, so any
builder (HTML, DOCX, reportlab, LibreOffice) lays out the changed table and
a test compares the parsed cells with the changed expectations.
"""

from __future__ import annotations

import copy

from tests.parsers.builders import Seed

#: cells left blank, per template: first, middle and last columns, a row
#: with one value left, and the whole 行政复议 block (seed 002's case)
BLANKS = {
    "2019": [
        "proactive.rules.published",
        "proactive.licensing.prev_items",
        "proactive.licensing.change",
        "requests.new.research",
        "requests.new.social_welfare",
        "requests.granted.natural_person",
        "requests.partial.total",
        "requests.withheld.3.commercial",
        "review.upheld",
        "review.corrected",
        "review.other",
        "review.pending",
        "review.total",
        "litigation_direct.corrected",
    ],
    "2021": [
        "proactive.rules.repealed",
        "proactive.normative.issued",
        "requests.new.commercial",
        "requests.new.other_org",
        "requests.carried_over.natural_person",
        "requests.other.2.total",
        "requests.not_processed.5.research",
        "review.upheld",
        "review.total",
        "litigation_after_review.upheld",
        "litigation_after_review.pending",
        "litigation_after_review.total",
    ],
}


def with_blanks(seed: Seed, keys: list[str] | None = None) -> Seed:
    """The seed with ``keys`` (default: ``BLANKS`` of its template) left blank."""
    expected = copy.deepcopy(seed.expected)
    for key in keys if keys is not None else BLANKS[expected["template"]]:
        assert key in expected["cells"], key
        expected["cells"][key] = None
    return Seed(seed.name, expected, seed.title, seed.intro, seed.outro)


def changed(expected: dict, cells: dict[str, object]) -> dict[str, tuple[object, object]]:
    """Cells whose parsed value differs from the expected one: ``{id: (got, want)}``."""
    return {k: (cells.get(k), v) for k, v in expected["cells"].items() if cells.get(k) != v}
