"""Precedent library groundwork: text extraction, sectioning and field extraction of penalty decisions."""

from zhifa.precedents.extract import extract_file, extract_text
from zhifa.precedents.parse import ParsedDecision, parse_decision

__all__ = ["ParsedDecision", "extract_file", "extract_text", "parse_decision"]
