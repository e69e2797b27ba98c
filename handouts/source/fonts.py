"""Fonts come from pinned `fontpkg-*` packages and are embedded; the system's fonts are never used.

A clinic names a family ("Atkinson Hyperlegible"); this module finds its files in the installed
font package and writes the @font-face rules that point WeasyPrint at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str
    style: str


@cache
def installed_families() -> dict[str, str]:
    """Installed family names, keyed by their lower-case form."""
    return {fam.name.lower(): fam.name for fam in fontpkg.families().values()}


def canonical_name(name: str) -> str | None:
    """The installed family's exact name, or None when no font package provides it."""
    return installed_families().get(name.strip().lower())


@cache
def faces(family: str) -> tuple[FontFace, ...]:
    """Every file of a family, as @font-face entries (variable files span their weight range)."""
    fam = fontpkg.family(family)
    result = []
    for file in fam.files:
        if file.variable and file.wght_min is not None:
            weight = f"{file.wght_min} {file.wght_max}"
        else:
            weight = str(file.weight or 400)
        result.append(FontFace(fam.name, Path(file.path).resolve(), weight, file.style))
    return tuple(result)


def font_face_css(families: list[str]) -> str:
    """@font-face rules for the given families; names are validated so they cannot inject CSS."""
    rules = []
    for family in dict.fromkeys(families):
        for face in faces(family):
            rules.append(
                "@font-face { "
                f'font-family: "{face.family}"; '
                f'src: url("{face.path.as_uri()}"); '
                f"font-weight: {face.weight}; font-style: {face.style}; }}"
            )
    return "\n".join(rules)


@cache
def font_roots() -> tuple[Path, ...]:
    """Folders of every installed font package: the only fonts WeasyPrint may read."""
    roots = {
        Path(file.path).resolve().parent
        for fam in fontpkg.families().values()
        for file in fam.files
    }
    return tuple(sorted(roots))
