"""Build tools for the Attendance Code of Practice: load → validate → consolidate → conflicts → render."""

__version__ = "0.1.0"
