"""The publishing organ a report belongs to, from what the title, parse and registry say."""

from __future__ import annotations

from registry.name_forms import government_organ

GOVERNMENT_LEVELS = {"province", "prefecture", "county"}


def default_organ(name: str, level: str) -> str:
    """The body that publishes a region's own report: ``海林市`` → ``海林市人民政府``."""
    return government_organ(name, level)


def organ_name(found: str | None, region_name: str, level: str) -> str:
    """Normalise an organ named in a title to the full name a reader expects.

    ``区财政局`` on 前进区's portal is ``前进区财政局``; ``海林市`` or ``海林市政府`` is
    the government itself.
    """
    base = default_organ(region_name, level)
    if not found:
        return base
    found = found.strip("：:　 ")
    if found in (region_name, base) or found in (region_name + "政府", region_name + "人民政府"):
        return base
    short = region_name[-1:]
    if found[:1] == short and not found.startswith(region_name) and len(found) > 1:
        return region_name + found[1:]
    return found
