"""Deterministic dump writers, one module per format: the same entries always give byte-identical files.

No wall clock, no unseeded randomness: gzip members carry mtime 0, archive members a fixed
mtime, WARC record ids come from the caller's seeded generator.
"""

import datetime as dt

#: The mtime every archive member carries (2024-03-01T00:00:00Z).
FIXED_MTIME = int(dt.datetime(2024, 3, 1, tzinfo=dt.UTC).timestamp())
