"""Normalizers: turn surface expressions (dates, quantities) into the values the guidelines define."""
