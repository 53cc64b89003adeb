"""Frameworks in and out: CASE 1.0 packages (JSON) and the CSV layout, read, checked and written."""
