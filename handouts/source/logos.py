"""Untrusted logo files made safe: size and pixel limits, PNG re-encoded, SVG checked and rewritten.

A PNG is decoded only after its header's size passes the pixel limit (a decompression bomb is
refused unread) and written again by Pillow without its metadata. An SVG is parsed by defusedxml
(no DTD, no entities) and refused if it holds a script, an event attribute, a foreignObject or a
reference to anything outside itself; what passes is serialised again from the parsed tree.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from PIL import Image

from handouts import limits
from handouts.errors import HandoutsError, Problem

MAX_BYTES = limits.UPLOADED_LOGO.max_bytes
MAX_PIXELS = limits.UPLOADED_LOGO_PIXELS
MAX_SIDE = limits.UPLOADED_LOGO_SIDE
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)

ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class Refused(HandoutsError):
    """An uploaded logo that is not kept, with the reason in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(Problem(message, field="logo"))

    def __str__(self) -> str:
        return self.problems[0].message


def clean(data: bytes, filename: str) -> tuple[bytes, str]:
    """The logo made safe and its suffix (".png" or ".svg"); Refused for anything else."""
    if len(data) > MAX_BYTES:
        raise Refused(f"the logo is larger than {MAX_BYTES // 1024} KB; export a smaller file")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data), ".png"
    head = data[:512].lstrip().lower()
    if filename.lower().endswith(".svg") or head.startswith((b"<?xml", b"<svg", b"<!--")):
        return _svg(data), ".svg"
    raise Refused("the logo must be a PNG or an SVG file")


def _png(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise Refused(
                    f"the logo is {width} × {height} pixels; at most {MAX_SIDE} on a side and "
                    f"{MAX_PIXELS // 1_000_000} million in all"
                )
            image.load()
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            pixels = image.convert(mode)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Refused("the PNG file could not be read; export it again") from None
    out = io.BytesIO()
    pixels.save(out, format="PNG", optimize=True)  # no text chunks, no EXIF: metadata gone
    return out.getvalue()


def _svg(data: bytes) -> bytes:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Refused("the SVG declares a DTD or entities, which are not allowed") from None
    except ET.ParseError:
        raise Refused("the SVG file is not well-formed XML; export it again") from None
    if _local(root.tag) != "svg":
        raise Refused("the file is not an SVG image")
    for element in root.iter():
        _check_element(element)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_element(element: ET.Element) -> None:
    tag = _local(str(element.tag))
    if tag in FORBIDDEN:
        raise Refused(f"the SVG contains a <{tag}> element, which is not allowed in a logo")
    for name, value in element.attrib.items():
        attr = _local(name)
        if attr.startswith("on"):
            raise Refused(f"the SVG contains an event attribute ({attr}), which is not allowed")
        if attr == "href" and not value.strip().startswith("#"):
            raise Refused("the SVG refers to another file or address; embed everything in it")
        _check_urls(value)
    if tag == "style":
        text = element.text or ""
        if "@import" in text.lower():
            raise Refused("the SVG's style imports another file; embed everything in it")
        _check_urls(text)


def _check_urls(text: str) -> None:
    for target in _URL.findall(text):
        if target and not target.startswith("#"):
            raise Refused("the SVG refers to another file or address; embed everything in it")
