"""The body map: treated areas from a declared vocabulary, shaded on a front and back outline.

`styles/bodymap/areas.yaml` names every area a practitioner may type (`--area`), with synonyms
and the regions of `styles/bodymap/body-map.svg` it covers (README.md there is the contract).
`resolve` reads what was typed; an area it does not know is printed as typed, unshaded, and
`suggest` offers the nearest names ("did you mean left calf or right calf?"). Both are plain
functions so that every door (the command line, the web front desk) uses the same vocabulary.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handouts import limits
from handouts.errors import ConfigError, Problem
from handouts.source.yamlfile import load_file

_ID = re.compile(r"^[fb]-[a-z-]+$")


@dataclass(frozen=True)
class Area:
    name: str  # as printed
    regions: tuple[str, ...]  # ids of <path> elements in body-map.svg


@dataclass(frozen=True)
class Treated:
    """What was typed for one area: the area it names, or None and the nearest names."""

    typed: str
    area: Area | None
    suggestions: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.area.name if self.area else self.typed


@dataclass(frozen=True)
class AreaVocabulary:
    areas: tuple[Area, ...]
    lookup: dict[str, Area]  # normalised name or synonym → area

    def resolve(self, typed: str) -> Treated:
        area = self.lookup.get(normalise(typed))
        return Treated(typed, area, () if area else self.suggest(typed))

    def suggest(self, typed: str, limit: int = 3) -> tuple[str, ...]:
        """The canonical names nearest to what was typed ("calf": left calf, right calf)."""
        key = normalise(typed)
        if not key:
            return ()
        sided = [
            a.name
            for a in self.areas
            if normalise(a.name).endswith(" " + key) or normalise(a.name).startswith(key + " ")
        ]
        close = difflib.get_close_matches(key, list(self.lookup), n=limit * 3, cutoff=0.6)
        names = [*sided, *(self.lookup[c].name for c in close)]
        return tuple(dict.fromkeys(names))[:limit]

    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.areas)


def normalise(text: str) -> str:
    """Lower case; dots, commas and brackets removed; - _ / read as spaces; spaces collapsed."""
    text = re.sub(r"[.,()]", "", text.lower())
    text = re.sub(r"[-_/]", " ", text)
    return " ".join(text.split())


@cache
def area_vocabulary(folder: Path) -> AreaVocabulary:
    """The vocabulary in `<folder>/areas.yaml` (folder: styles/bodymap)."""
    path = folder / "areas.yaml"
    data = load_file(path, limits.SETTINGS, root=folder).data or {}
    areas: list[Area] = []
    lookup: dict[str, Area] = {}
    for entry in data.get("areas") or []:
        regions = tuple(entry.get("regions") or ())
        if not all(_ID.match(r) for r in regions):
            raise ConfigError(Problem("region ids must look like f-left-calf", file=path))
        area = Area(str(entry["name"]), regions)
        areas.append(area)
        for word in (area.name, *(entry.get("synonyms") or ())):
            key = normalise(str(word))
            if key in lookup and lookup[key] is not area:
                raise ConfigError(Problem(f"{word!r} names two areas", file=path))
            lookup[key] = area
    return AreaVocabulary(tuple(areas), lookup)


@dataclass(frozen=True)
class MapLayers:
    """The body map as SVG layers drawn one over another, so that what stays the same from one
    patient to the next (the outline in the clinic's colours) is drawn once per renderer and
    only the treated regions are new (render/images.py keeps drawings by their bytes)."""

    base: str  # every region and the outline, in the clinic's paper and ink
    shading: str | None  # only the treated regions, filled; None when none is treated
    outline: str  # only the outline, drawn again over the shading so it never covers it


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_REGION = re.compile(r'<path id="(?P<id>[^"]+)" class="region"[^>]*/>')
_OUTLINE = re.compile(r'<path class="outline"[^>]*/>')


def map_layers(svg: str, regions: tuple[str, ...], fill: str, paper: str, ink: str) -> MapLayers:
    """The layers of `svg` (body-map.svg) with `regions` shaded in `fill`, at 80 % so that a
    treated area still stands out from the figure when the sheet is printed in grey.

    Region ids come from areas.yaml (checked when it is read), never from typed text.
    """
    base = svg.replace("#FFFFFF", paper).replace("#2B2B2B", ink)
    opening = _SVG_OPEN.search(base)
    head = opening.group(0) if opening else '<svg xmlns="http://www.w3.org/2000/svg">'
    outline = head + "".join(_OUTLINE.findall(base)) + "</svg>"
    wanted = set(regions)
    shaded = [
        m.group(0).replace(
            'class="region" ', f'class="region" fill="{fill}" fill-opacity="0.8" stroke="none" '
        )
        for m in _REGION.finditer(base)
        if m.group("id") in wanted
    ]
    shading = head + "".join(shaded) + "</svg>" if shaded else None
    return MapLayers(base, shading, outline)
