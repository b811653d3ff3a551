"""pywb itself replays the archive's latest memento of every URL, with the archived bytes.

After the second crawl most captures are 304s, archived as identical-payload-digest
revisits: pywb must resolve each to the earlier response and serve its status,
type and bytes; the edited report replays its new bytes, the removed one its 404.
Every body is compared with the blob the Archive holds for that capture.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.replay.conftest import EDITED, REMOVED, TwoCrawls
from tests.replay.tools import fetch, pywb_collection


def latest_captures(two: TwoCrawls) -> dict[str, tuple[int, str, str, str]]:
    """URL → (status, sha256, content type, WARC type) of its newest capture."""
    rows = two.rows(
        "select url, status, sha256, content_type, warc_type from captures"
        " where method = 'GET' order by fetched_at, id"
    )
    return {str(u): (int(s), str(h), str(c or ""), str(t)) for u, s, h, c, t in rows}  # type: ignore[call-overload]


def test_pywb_replays_every_latest_memento_with_the_archived_bytes(
    two_crawls: TwoCrawls, tmp_path: Path
) -> None:
    archive = two_crawls.ws.open_archive()
    warcs = []
    for name in archive.warc_names():
        path = tmp_path / name
        with archive.open_warc(name) as src:
            path.write_bytes(src.read())
        warcs.append(path)
    latest = latest_captures(two_crawls)
    kinds = {(status, kind) for status, _, _, kind in latest.values()}
    # the night's mix: 304s kept as revisits, a revised page, a page taken down
    assert {(304, "revisit"), (200, "response"), (404, "response")} <= kinds, kinds
    assert latest[two_crawls.url(REMOVED)][0] == 404
    assert latest[two_crawls.url(EDITED)][:1] == (200,)

    with pywb_collection(tmp_path / "pywb", warcs) as base:
        for url, (status, sha256, ctype, _kind) in latest.items():
            got, headers, body = fetch(f"{base}id_/{url}")
            want_status = 200 if status == 304 else status
            assert got == want_status, (url, got, status)
            assert body == archive.get_blob(sha256), url
            if ctype:
                assert headers.get("Content-Type", "").split(";")[0] == ctype.split(";")[0], url
            # and it is the latest memento pywb replays, not an older one
            moment = datetime.strptime(headers["Memento-Datetime"], "%a, %d %b %Y %H:%M:%S GMT")
            newest = two_crawls.rows("select max(fetched_at) from captures where url = ?", url)[0][
                0
            ]
            assert str(newest).startswith(moment.strftime("%Y-%m-%d %H:%M:%S")), (url, newest)
