"""Thermal printing: documents as ESC/POS bytes for 58 mm and 80 mm portable printers."""
