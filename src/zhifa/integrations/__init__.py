"""Integrations with other systems: clue intake from the business supervision systems."""
