"""Regions and portals in the database, from the shipped registry and the seeds.

A crawl, ``regions add-seeds``, ``regions discover`` and ``reindex`` all need the
same rows: a portal, its region and the chain of regions above it.  Rows are
created by unique constraint, so several writers at once create each only once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive.models import Portal, Region
from archive.reports import insert_or_get


def ensure_region(
    session: Session, code: str, name: str, level: str, parent_code: str | None
) -> None:
    """Insert a region and, from the shipped registry, the chain of regions above it."""
    from registry import regions as registry

    while code and session.get(Region, code) is None:
        known = registry.resolve(code)
        if known is not None and known.code == code:
            name, level, parent_code = known.name, known.level, known.parent_code
            full = registry.full_name(code, strict=False)
        else:
            full = None
        values = {"name": name, "level": level, "parent_code": parent_code, "full_name": full}
        insert_or_get(session, Region, {"code": code}, values)
        parent = registry.resolve(parent_code) if parent_code else None
        if parent is None:
            return
        code, name, level, parent_code = parent.code, parent.name, parent.level, parent.parent_code


def ensure_portal(
    session: Session,
    code: str,
    name: str,
    level: str,
    parent_code: str | None,
    url: str,
    url_source: str = "seed",
) -> tuple[Portal, bool]:
    """The portal row for ``url`` (with its region and the regions above); True if new."""
    ensure_region(session, code, name, level, parent_code)
    values = {"region_code": code, "name": name, "url_source": url_source}
    return insert_or_get(session, Portal, {"url": url}, values)
