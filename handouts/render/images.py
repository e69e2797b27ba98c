"""Images across documents: decoded once per renderer, SVGs drawn once per PDF and replayed.

A renderer lays out hundreds of documents (a catalogue build, the desk's previews), and the same
logo, icons and body-map outline appear in each. WeasyPrint decodes and draws an image afresh
for every document; here a file is decoded once and an SVG's drawing (its content stream) is
kept by the SVG's bytes and drawn size, so the next document copies it instead of drawing it.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint.images import RasterImage, SVGImage

from handouts.design.branding import DERIVED

_FORMS = "handouts-svg-forms"  # our key in WeasyPrint's per-file image registry
KEPT_DRAWINGS = 256  # drawn SVG forms a renderer keeps (icons, outlines, codes at their sizes)

Drawing = tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]]  # content stream, ExtGState
DrawingKey = tuple[str, float, float]


class Drawings(OrderedDict[DrawingKey, Drawing]):
    """A renderer's drawn SVGs, by (sha256 of the SVG's bytes, width, height); least recently
    used first out."""

    def get_drawing(self, key: DrawingKey) -> Drawing | None:
        drawing = self.get(key)
        if drawing is not None:
            self.move_to_end(key)
        return drawing

    def keep(self, key: DrawingKey, drawing: Drawing) -> None:
        self[key] = drawing
        while len(self) > KEPT_DRAWINGS:
            self.popitem(last=False)


class BrokenImages(logging.Handler):
    """Collects the images WeasyPrint could not decode (it logs them and carries on)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.urls: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Failed to load image at"):
            args = record.args if isinstance(record.args, tuple) else ()
            self.urls.append(str(args[0]) if args else "?")


class DocumentImages(dict):
    """WeasyPrint's image cache for one document, backed by images shared across documents.

    Image files (`file:` URLs) are decoded once and shared. Images handouts derives for a
    document (QR codes, CMYK logos, a shaded body map) are not: the same derived URL holds other
    bytes for another profile. A shared raster image is named after its bytes, not after the MD5
    of its absolute file URL as WeasyPrint names it, so the same leaflet built in another
    checkout is the same PDF. Every SVG learns its bytes' digest, under which its drawing is
    kept. WeasyPrint also keeps decoded data here under its own keys; those stay with the
    document.
    """

    def __init__(
        self,
        shared: dict[str, Any],
        digests: dict[str, str],
        derived: dict[str, bytes],
        drawings: Drawings | None,
    ) -> None:
        super().__init__()
        self.shared = shared
        self.digests = digests  # sha256 of each file the fetcher read, by URL
        self.derived = derived  # the document's derived bytes, by URL
        self.drawings = drawings

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or key in self.shared

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key) if super().__contains__(key) else self.shared[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if type(value) is SVGImage:
            value.__class__ = SharedSVGImage
            value.digest = self.digest(key)
            value.drawings = self.drawings
        if key.startswith("file:") and hasattr(value, "get_intrinsic_size"):
            if isinstance(value, RasterImage):
                value.id = self.digests[_file_uri(key)][:32]
            self.shared[key] = value
        super().__setitem__(key, value)

    def digest(self, url: str) -> str | None:
        if url.startswith(DERIVED):
            body = self.derived.get(url)
            return hashlib.sha256(body).hexdigest() if body is not None else None
        if url.startswith("file:"):
            return self.digests.get(_file_uri(url))
        return None


def _file_uri(url: str) -> str:
    """The URL the fetcher filed a file under (WeasyPrint may spell it differently)."""
    return Path(url2pathname(urlparse(url).path)).resolve().as_uri()


class SharedSVGImage(SVGImage):
    """An SVG image drawn once per PDF into a form XObject that every use of it paints.

    WeasyPrint draws an SVG's paths afresh at each use, so an icon used twenty times would be
    stored twenty times. The form is made at the first use of each size in each resource
    dictionary (the pages share one), then painted with `Do`. Its content comes from the
    renderer's `Drawings` when the same bytes were drawn at the same size before: drawing
    depends on nothing else (WeasyPrint's SVG drawing ignores the CSS style).
    """

    digest: str | None = None
    drawings: Drawings | None = None

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: Any) -> None:
        forms = stream._images.setdefault(_FORMS, {})
        size = (concrete_width, concrete_height)  # exact: a file's bytes never depend on order
        key = (id(self), *size, id(stream._resources))
        form = forms.get(key)
        if form is None:
            form = stream.add_group(0, 0, concrete_width, concrete_height)
            del form.extra["Group"]  # a plain form: nothing in an icon needs a transparency group
            self._draw_form(form, stream, size, style)
            forms[key] = form
        stream.draw_x_object(form.id)

    def _draw_form(self, form: Any, stream: Any, size: tuple[float, float], style: Any) -> None:
        kept = (self.digest, *size) if self.digest and self.drawings is not None else None
        drawing = self.drawings.get_drawing(kept) if kept and self.drawings is not None else None
        if drawing is not None:
            form.stream = list(drawing[0])
            form._resources["ExtGState"].update(drawing[1])
            return
        fonts = len(stream._fonts)
        super().draw(form, size[0], size[1], style)
        if kept and self.drawings is not None:
            drawing = replayable(form, fonts == len(stream._fonts))
            if drawing is not None:
                self.drawings.keep(kept, drawing)


def replayable(form: Any, no_new_fonts: bool) -> Drawing | None:
    """The form's drawing, when copying it into another PDF draws the same thing: only
    operators and numbers, no fonts, images, patterns or shadings, and graphics states that are
    plain opacities (written inline). None otherwise (the SVG is drawn again next time)."""
    resources = form._resources
    if not no_new_fonts or any(resources[k] for k in ("XObject", "Pattern", "Shading")):
        return None
    states = tuple(resources["ExtGState"].items())
    if not all(set(state) <= {"CA", "ca"} for _, state in states):
        return None
    if not all(isinstance(op, (bytes, str, int, float)) for op in form.stream):
        return None
    return tuple(form.stream), states
