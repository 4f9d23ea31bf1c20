"""Published editions: snapshots, what changed between them, and taking in new source editions.

Pure functions over plain JSON-like data (a snapshot is a dict); in this stage only :mod:`.store`
reads or writes files. A snapshot is the Code exactly as readers saw it on the day it was published,
so past editions are rendered from snapshots, never from the current sources. The pages are rendered
by :mod:`build_tools.render.editions`, read for the build by :mod:`build_tools.site.archive`, and the
``publish`` and ``rebase`` commands' disk work is in :mod:`build_tools.cli_editions`.
"""
