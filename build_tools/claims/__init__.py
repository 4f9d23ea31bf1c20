"""Stage 2: claims read from any text by meaning and judged against the Code (the policy checker's
engine)."""
