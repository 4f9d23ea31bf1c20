"""Build tools for the Attendance Code of Practice, one package per stage:
model → load → consolidate / conflicts / guides → project → render → pdf → site → cli
(tests/test_architecture.py holds the imports to that direction)."""

__version__ = "0.1.0"
