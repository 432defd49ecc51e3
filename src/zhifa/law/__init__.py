"""Law library: parse, import, versions, citations, search."""
