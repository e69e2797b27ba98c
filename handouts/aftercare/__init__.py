"""Aftercare sheets: patient details, day lists, the one-page sheet, delivery by .eml or SMTP."""
