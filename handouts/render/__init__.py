"""Rendering: jobs, templates to HTML, the one WeasyPrint renderer, its fetcher, fitting."""
