"""Incremental builds: a manifest of what each output was built from.

`out/.handouts-manifest.json` maps each PDF (by its path under `out/`) to the key of the inputs
it was built from (see `inputs.py`) and the sha256 of the bytes that were written. An output is
up to date when its key is unchanged *and* the file is still there with those bytes, so a PDF
that was deleted or edited by hand is built again. A failed document is forgotten, so the next
build tries it again. The manifest is written atomically, like the PDFs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from handouts.build.outcomes import Outcome
from handouts.files import write_atomic

FILENAME = ".handouts-manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    key: str  # digest of everything the output was built from
    sha256: str  # digest of the PDF as written
    notes: list[str] = field(default_factory=list)  # what the render said (e.g. guessed CMYK)


class Manifest:
    def __init__(self, out_dir: Path, entries: dict[str, Entry] | None = None) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = entries or {}

    @property
    def path(self) -> Path:
        return self.out_dir / FILENAME

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest in `out_dir`; an empty one when there is none or it cannot be read."""
        try:
            data = json.loads((out_dir / FILENAME).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls(out_dir)
            entries = {name: Entry(**entry) for name, entry in data["outputs"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(out_dir)  # a damaged manifest only costs a full rebuild
        return cls(out_dir, entries)

    def name(self, output: Path) -> str:
        return output.relative_to(self.out_dir).as_posix()

    def is_current(self, output: Path, key: str) -> bool:
        """Built from these very inputs, and still on disk exactly as written."""
        entry = self.entries.get(self.name(output))
        if entry is None or entry.key != key:
            return False
        try:
            return file_digest(output) == entry.sha256
        except OSError:
            return False

    def note(self, outcome: Outcome) -> None:
        """Remember what a rendered output was built from; forget a failed one."""
        if outcome.ok and outcome.key and outcome.sha256:
            self.record(outcome.path, outcome.key, outcome.sha256, outcome.notes)
        else:
            self.forget(outcome.path)

    def notes(self, output: Path) -> list[str]:
        entry = self.entries.get(self.name(output))
        return list(entry.notes) if entry else []

    def record(self, output: Path, key: str, sha256: str, notes: list[str] | None = None) -> None:
        self.entries[self.name(output)] = Entry(key, sha256, list(notes or []))

    def forget(self, output: Path) -> None:
        self.entries.pop(self.name(output), None)

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "outputs": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
