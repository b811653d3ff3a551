"""The archive: raw bytes (blob store, WARC files) and the database that indexes them.

Raw bytes are the truth; the database is derived from them and can be
rebuilt.  Nothing here is ever overwritten.
"""
