"""Use cases: each function owns its transaction."""
