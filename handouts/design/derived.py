"""Files handouts derives for one document (a QR code, a logo in CMYK) and the URLs they go by.

Its own module so that making the URLs (branding.py) does not import WeasyPrint, which serving
them (fetcher.py) does: a build with nothing to render never pays for that import.
"""

DERIVED = "handouts-derived:"
