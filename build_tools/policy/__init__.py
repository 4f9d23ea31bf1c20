"""Stage 4: the policy checker. Any attendance document a user brings, read and judged against the Code."""
