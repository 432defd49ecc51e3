"""Oversight (issue 20 part B): consistency analytics (类案同罚) and the 纪检 supervision view."""
