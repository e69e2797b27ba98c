"""The declared limits on what handouts reads, in one place: sizes, counts and depths.

Each limit is far above what a real clinic, article or day list needs (the shipped files are a
few kilobytes) and low enough that a file at the limit is handled in a bounded time and memory
(`python bench/limits.py` measures it). Anything over a limit is refused at once, before it is
parsed, with one line naming the file and the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

KB = 1024
MB = 1024 * KB


@dataclass(frozen=True)
class Kind:
    """A kind of file handouts reads, and the most bytes one may have."""

    name: str  # as a message names it: "article", "clinic file", …
    max_bytes: int


# --- file sizes -------------------------------------------------------------------------------
ARTICLE = Kind("article", 1 * MB)  # a four-page booklet holds about 15 KB of text
CLINIC = Kind("clinic file", 256 * KB)  # the demo clinics are about 3 KB
SETTINGS = Kind("settings file", 256 * KB)  # data/checks.yaml
DAY_LIST = Kind("day list", 2 * MB)  # 500 rows (the most a list may have) of 4 KB each
TEMPLATE = Kind("template", 256 * KB)
STYLESHEET = Kind("stylesheet", 1 * MB)
IMAGE = Kind("image", 20 * MB)  # logos and article images (PNG, JPEG, SVG)
ICC_PROFILE = Kind("ICC profile", 8 * MB)  # press profiles are 0.5 to 3 MB
CERTIFICATE = Kind("CA certificate", 1 * MB)
FONT = Kind("font", 50 * MB)
PDF = Kind("PDF", 200 * MB)  # a file given to `handouts proof`
UPLOADED_LOGO = Kind("uploaded logo", 1 * MB)  # the studio's logo upload (a crisp logo is ~50 KB)
ASSET = Kind("file", 20 * MB)  # anything else a stylesheet refers to

# --- inside the files -------------------------------------------------------------------------
YAML_NODES = 20_000  # values in one YAML document, aliases expanded (a clinic has about 100)
YAML_DEPTH = 40  # mappings and lists inside each other (a clinic goes 3 deep)
MARKDOWN_DEPTH = 8  # lists and quotes inside each other in an article body
IMAGE_PIXELS = 40_000_000  # width × height of one image (an A3 page at 300 dpi is 17.4 million)
CSV_CELL_CHARS = 4_000  # one cell of a day list (the longest field, notes, allows 400)
CSV_ROWS = 500  # rows in one day list
UPLOADED_LOGO_PIXELS = 16_000_000  # an uploaded PNG logo (a 4000 × 4000 px logo is plenty)
UPLOADED_LOGO_SIDE = 8000  # pixels on the longer side of an uploaded PNG logo
