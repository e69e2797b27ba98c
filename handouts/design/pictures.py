"""Pictures a leaflet prints besides its text: logo proportions, icons and illustrations."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

from handouts import guard, limits

_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|mm|cm|in)?\s*$")
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.S)


@cache
def logo_ratio(path: Path) -> float:
    """Width over height of a logo file (SVG or raster), so it is never stretched."""
    try:
        data = guard.read_bytes(path, limits.IMAGE, [path.parent], "logo")
        if path.suffix.lower() == ".svg":
            return _svg_ratio(guard.decode(data, path, "logo"))
        with guard.image(data, path, "logo") as image:  # pixels counted before decoding
            width, height = image.size
    except guard.Refused:
        return 1.0  # a logo that cannot be read is the logo check's to report, and the renderer's
    return width / height


def _svg_ratio(svg: str) -> float:
    tag = _SVG_TAG.search(svg)
    attributes = dict(re.findall(r'([\w:-]+)\s*=\s*"([^"]*)"', tag.group(0))) if tag else {}
    width, height = (_length(attributes.get(name)) for name in ("width", "height"))
    if width and height:
        return width / height
    box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4 and float(box[3]) > 0:
        return float(box[2]) / float(box[3])
    return 1.0


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match and float(match.group(1)) > 0 else None


# The placeholder palette illustrations are drawn in (styles/illustrations/README.md), and the
# clinic colour each one becomes.
PLACEHOLDERS = {
    "#1f6f8b": "primary",
    "#f2a541": "accent",
    "#2b2b2b": "text",
    "#ffffff": "background",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


@dataclass(frozen=True)
class Picture:
    """An image a template shows: the URL it is served at and its alternative text."""

    uri: str
    alt: str


def find_asset(roots: tuple[Path, ...], folder: str, name: str) -> Path | None:
    """`<root>/<folder>/<name>.svg` in the first asset root that has it (the shipped styles)."""
    for root in roots:
        path = root / folder / f"{name}.svg"
        if path.is_file():
            return path
    return None


def recolour(svg: str, colours: Mapping[str, str]) -> str:
    """An illustration's placeholder colours as the clinic's (hex, or CMYK for the press)."""

    def replace(match: re.Match[str]) -> str:
        value = match.group(0).lower()
        if len(value) == 4:
            value = "#" + "".join(ch * 2 for ch in value[1:])
        role = PLACEHOLDERS.get(value)
        return colours[role] if role else match.group(0)

    return _HEX.sub(replace, svg)


def tint_icon(svg: str, colour: str) -> str:
    """An icon drawn in `currentColor`, painted in one colour (an <img> has no CSS colour)."""
    return svg.replace("currentColor", colour).replace("currentcolor", colour)


def svg_title(svg: str) -> str | None:
    """The text of an SVG's <title>, which says what the picture shows."""
    match = re.search(r"<title>(.*?)</title>", svg, re.S)
    return html.unescape(match.group(1)).strip() if match else None


_UL = re.compile(r"<ul( class=\"[^\"]*\")?>((?:(?!<ul[ >]).)*?)</ul>", re.S)
_LI = re.compile(r"<li>(.*?)</li>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def icon_lists(
    html: str, icon_for: Callable[[str], str | None], uri_for: Callable[[str], str]
) -> Markup:
    """A list of things to do gets an icon before each item, when every item has one."""

    def mark(match: re.Match[str]) -> str:
        items = _LI.findall(match.group(2))
        icons = [icon_for(_TAGS.sub("", item)) for item in items]
        if not items or None in icons:
            return match.group(0)
        body = iter(icons)
        inner = _LI.sub(
            lambda li: (
                f'<li><img class="icon" src="{uri_for(next(body) or "")}" alt="">{li.group(1)}</li>'
            ),
            match.group(2),
        )
        classes = (match.group(1) or ' class=""')[8:-1].split()
        return f'<ul class="{" ".join([*classes, "tips"])}">{inner}</ul>'

    return Markup(_UL.sub(mark, str(html)))
