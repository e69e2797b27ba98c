"""Pre-print checks: what a clinical lead looks at before a leaflet is printed (`handouts check`).

One module per rule family; `runner` runs them over a selection, `report` prints the findings.
Their settings (`checks.yaml`, a clinic's `checks:` section) are read in
`handouts.source.check_settings`.
"""
