"""Web layer: JSON API under /api/v1 and Chinese HTML pages."""
