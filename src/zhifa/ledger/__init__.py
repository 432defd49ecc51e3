"""The case ledger: canonical bytes, SM3 hash chain, SM2 signatures, verification."""
