"""The machine `handouts doctor` looks at: system libraries, fonts, ICC profiles and tools.

Each check is one `Check` (OK, WARN or FAIL, with a fix for each problem). The HarfBuzz subsetter
is looked for the way WeasyPrint 70 looks for it (`weasyprint/text/ffi.py` loads the library
under the same names; `weasyprint/pdf/fonts.py` uses it from HarfBuzz 4.1.0 on, otherwise it
subsets fonts with fontTools), but with ctypes, so that `handouts build` can warn without
importing WeasyPrint in its main process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Literal

from handouts.design.colours import INSTALLED_CMYK_PROFILES

Status = Literal["OK", "WARN", "FAIL"]


@dataclass(frozen=True)
class Check:
    """One thing doctor looked at: how it is, what it found and, for a problem, the fix."""

    status: Status
    name: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.status:<4} {self.name}: {self.detail}"
        return f"{text}. Fix: {self.fix}" if self.fix and self.status != "OK" else text


# The names WeasyPrint 70 tries, in its order (weasyprint/text/ffi.py).
SUBSET_LIBRARIES = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
HARFBUZZ_LIBRARIES = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
PANGO_LIBRARIES = ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0")
PANGOFT2_LIBRARIES = ("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0")
FONTCONFIG_LIBRARIES = ("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1")
SUBSET_FROM = (4, 1, 0)  # the HarfBuzz WeasyPrint needs for its subsetter
SUBSET_FIX = "apt-get install libharfbuzz-subset0 (Debian or Ubuntu)"


def load_library(names: Sequence[str]) -> tuple[str, ctypes.CDLL] | None:
    """The first of `names` that loads, as cffi's dlopen finds it (a bare name is also looked
    up with ctypes.util.find_library), with the name that worked."""
    for name in names:
        candidates = [name]
        if "." not in name and "/" not in name:
            found = ctypes.util.find_library(name)
            candidates += [found] if found else []
        for candidate in candidates:
            try:
                return candidate, ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


@dataclass(frozen=True)
class Subsetter:
    """Whether WeasyPrint subsets fonts with HarfBuzz (byte-identical builds) or fontTools."""

    library: str | None  # the subset library's name as loaded, None when it is missing
    harfbuzz: str | None  # HarfBuzz's version

    @property
    def reproducible(self) -> bool:
        return self.library is not None and self.harfbuzz is not None and _at_least(self.harfbuzz)


def _at_least(version: str) -> bool:
    numbers = tuple(int(part) for part in version.split(".")[:3] if part.isdigit())
    return numbers >= SUBSET_FROM


@cache
def subsetter(
    subset_names: Sequence[str] = SUBSET_LIBRARIES,
    harfbuzz_names: Sequence[str] = HARFBUZZ_LIBRARIES,
) -> Subsetter:
    """Find the HarfBuzz subsetter as WeasyPrint does."""
    loaded = load_library(subset_names)
    return Subsetter(loaded[0] if loaded else None, _version(harfbuzz_names, "hb_version_string"))


def _version(names: Sequence[str], function: str) -> str | None:
    loaded = load_library(names)
    if loaded is None:
        return None
    call = getattr(loaded[1], function)
    call.restype = ctypes.c_char_p
    value = call()
    return value.decode("ascii", "replace") if value else None


REPRODUCIBLE_WARNING = (
    "warning: HarfBuzz's subsetter (libharfbuzz-subset0) is missing, so WeasyPrint subsets fonts "
    "with fontTools and the PDFs may differ byte for byte between builds; run `handouts doctor`"
)


def reproducibility_warning() -> str | None:
    """The one line `handouts build` prints when it cannot promise byte-identical output."""
    return None if subsetter().reproducible else REPRODUCIBLE_WARNING


def check_subsetter(found: Subsetter | None = None) -> Check:
    found = found or subsetter()
    name = "HarfBuzz subsetter"
    if found.reproducible:
        return Check("OK", name, f"{found.library} (HarfBuzz {found.harfbuzz}): builds are "
                     "byte-identical")  # fmt: skip
    if found.library is None:
        detail = (
            "libharfbuzz-subset is missing: WeasyPrint subsets fonts with fontTools instead and "
            "builds are no longer byte-identical between runs and workers"
        )
    else:
        detail = (
            f"HarfBuzz {found.harfbuzz} is older than 4.1.0, which WeasyPrint needs to subset with "
            "it: fonts are subset with fontTools and builds are no longer byte-identical"
        )
    return Check("WARN", name, detail, SUBSET_FIX)


def check_libraries() -> Check:
    """Pango (1.44 or later), PangoFT2 and Fontconfig: without them WeasyPrint cannot start."""
    name = "text libraries"
    missing = [
        label
        for label, names in (
            ("Pango", PANGO_LIBRARIES),
            ("PangoFT2", PANGOFT2_LIBRARIES),
            ("HarfBuzz", HARFBUZZ_LIBRARIES),
            ("Fontconfig", FONTCONFIG_LIBRARIES),
        )
        if load_library(names) is None
    ]
    fix = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1"
    if missing:
        return Check("FAIL", name, f"{', '.join(missing)} not found: nothing can be rendered", fix)
    pango = _version(PANGO_LIBRARIES, "pango_version_string") or "?"
    harfbuzz = _version(HARFBUZZ_LIBRARIES, "hb_version_string") or "?"
    if pango == "?" or tuple(int(p) for p in pango.split(".")[:2]) < (1, 44):
        return Check("FAIL", name, f"Pango {pango} is older than 1.44, which WeasyPrint needs", fix)
    return Check("OK", name, f"Pango {pango}, HarfBuzz {harfbuzz}, Fontconfig")


def check_fonts() -> Check:
    """The installed `fontpkg-*` packages and that each family's files are there."""
    import fontpkg  # lazy: reading every package's font metadata is only needed here

    name = "fonts"
    fix = "pip install --force-reinstall the package named (handouts' dependencies bring them)"
    packages = {
        dist.metadata["Name"].lower(): dist.version
        for dist in metadata.distributions()
        if (dist.metadata["Name"] or "").lower().startswith("fontpkg-")
    }
    families = fontpkg.families()
    if not families:
        return Check("FAIL", name, "no fontpkg-* font package is installed", "pip install -e .")
    shown, broken = [], []
    for slug, family in sorted(families.items()):
        package = f"fontpkg-{slug}"
        shown.append(f"{family.name} ({package} {packages.get(package, '?')})")
        if not family.files or not all(Path(f.path).is_file() for f in family.files):
            broken.append(package)
    if broken:
        return Check("FAIL", name, f"font files missing from {', '.join(broken)}", fix)
    return Check("OK", name, "; ".join(shown))


def profile_description(path: Path) -> str:
    """An ICC profile's own name for itself (its description tag)."""
    from PIL import ImageCms  # lazy: littleCMS, only for press profiles

    try:
        return ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(path))).strip()
    except (ImageCms.PyCMSError, OSError):
        return "no description"


def check_profiles(profiles: Sequence[Path] = INSTALLED_CMYK_PROFILES) -> Check:
    """The CMYK profiles installed for press files (a clinic may bring its own)."""
    name = "CMYK profiles for press files"
    found = [p for p in profiles if p.is_file()]
    if not found:
        return Check(
            "WARN",
            name,
            "none installed: --for press works only for clinics that name their print shop's "
            "profile in press.icc_profile",
            "apt-get install libgs-common (Ghostscript's ICC profiles; comes with ghostscript)",
        )
    return Check(
        "OK",
        name,
        "; ".join(f"{p} ({profile_description(p)}, package libgs-common)" for p in found),
    )


def check_tool(
    command: str,
    package: str,
    needed_for: str,
    version_flag: str = "-v",
    which: Callable[[str], str | None] = shutil.which,
) -> Check:
    """An outside program some commands use (never the build itself)."""
    path = which(command)
    if path is None:
        return Check(
            "WARN", command, f"not installed: {needed_for} cannot run", f"apt-get install {package}"
        )
    return Check("OK", command, f"{path} ({_tool_version(path, version_flag)}), for {needed_for}")


def _tool_version(path: str, flag: str) -> str:
    try:
        done = subprocess.run([path, flag], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "version unknown"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "version unknown"


def machine() -> list[Check]:
    """Everything doctor checks that does not depend on a project."""
    return [
        check_libraries(),
        check_subsetter(),
        check_fonts(),
        check_profiles(),
        check_tool("pdftoppm", "poppler-utils", "handouts proof"),
        check_tool(
            "qpdf",
            "qpdf",
            "checking press files and packs (qpdf --check) and the tests",
            "--version",
        ),
    ]
