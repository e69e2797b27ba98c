"""Where things live: the data folder, the output folder, and the shipped templates and styles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # handouts/


def _shipped(name: str) -> Path:
    """Templates and styles: beside the package in a checkout, inside it in a wheel."""
    bundled = PACKAGE_DIR / "_assets" / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class Project:
    """The folders one build reads from and writes to."""

    data_dir: Path
    out_dir: Path
    templates_dir: Path = _shipped("templates")
    styles_dir: Path = _shipped("styles")

    @classmethod
    def at(cls, data_dir: Path | str = "data", out_dir: Path | str = "out") -> Project:
        return cls(Path(data_dir).resolve(), Path(out_dir).resolve())

    @property
    def clinics_dir(self) -> Path:
        return self.data_dir / "clinics"

    @property
    def articles_dir(self) -> Path:
        return self.data_dir / "articles"

    @property
    def aftercare_dir(self) -> Path:
        return self.out_dir / "aftercare"

    def asset_roots(self) -> tuple[Path, ...]:
        """Folders WeasyPrint may read from (fonts are added by the fetcher)."""
        return (self.templates_dir, self.styles_dir, self.data_dir)
