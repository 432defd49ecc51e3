"""Full-text search behind a narrow port (DESIGN §6): index, delete, search with filters."""
