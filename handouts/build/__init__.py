"""The leaflet build: the recipe, input fingerprints, the manifest, worker processes."""
