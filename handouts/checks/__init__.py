"""Pre-print checks: what a clinical lead looks at before a leaflet is printed (`handouts check`).

One module per rule family; `runner` runs them over a selection, `report` prints the findings.
This package's `__init__` imports nothing, so `handouts.clinics` can use its settings schema.
"""
