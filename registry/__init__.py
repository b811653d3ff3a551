"""The region registry: GB/T 2260 units, their codes over time and their portals.

The lowest layer of the flow (registry → crawler → archive → parsers → ingest):
pure data and functions over it, importable by every other package, importing none.
"""
