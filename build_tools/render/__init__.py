"""Stage 4: the Code, sources, register and guides as Markdown pages for mkdocs (pure: no disk writes)."""
