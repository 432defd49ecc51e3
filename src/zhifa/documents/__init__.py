"""Legal documents filled from the case ledger (DOCX via docxtpl, PDF via LibreOffice) and the e-dossier."""
