"""Pushes to the systems around us: obligations map, payloads, masking, signed transport, receiver."""
