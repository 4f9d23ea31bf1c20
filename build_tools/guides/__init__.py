"""Stage 2: role guides, letter templates and the trainers' pack, read from guides/ and checked
against the Code."""
