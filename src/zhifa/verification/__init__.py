"""Public verification of issued documents by their SM3 (the QR code printed on them)."""
