"""Integrations with other systems: clue intake from the business supervision systems, and pushes
to the systems around us (obligations map, payloads, masking, signed transport, receiver)."""
