"""Stage 1: read the input files (YAML, JSON Schema, sources, the Code, the lock file), with
file:line diagnostics."""
