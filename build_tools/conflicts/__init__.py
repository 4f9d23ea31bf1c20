"""Stage 2: find candidate contradictions between provisions and check them against the register."""
