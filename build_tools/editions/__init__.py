"""Published editions: snapshots, what changed between them, and taking in new source editions.

Pure functions over plain JSON-like data (a snapshot is a dict); only :mod:`.store` reads or writes
files. A snapshot is the Code exactly as readers saw it on the day it was published, so past editions
are rendered from snapshots, never from the current sources.
"""
