"""Golden pages: every demo leaflet (layout × profile) and aftercare sheet, checked as small images.

`python -m tests.goldens` checks; `python -m tests.goldens --update` rewrites on purpose the
goldens that fail the check (pages within the tolerance are kept) and prints what changed;
`tests/test_goldens.py` runs the check under pytest. Only the public command line is used, so the
suite survives any reshuffle inside the package.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

from PIL import Image

from tests.goldens.compare import PageDiff, compare, diff_image
from tests.goldens.render import DPI, REPO, Document, small_png

HERE = Path(__file__).resolve().parent
PAGES = (
    HERE / "pages"
)  # <clinic>/<article>-<layout>[-<profile>]-p<N>.png, aftercare/<name>-p<N>.png
TEXT = HERE / "text"  # <clinic>/<document>.json: per page, "x y word" lines
FAILURES = HERE / "_failures"  # gitignored: actual and diff images of failing pages
_UNIT = "pt; x y = top left of each word, from the top left of the page"
_PAGE = re.compile(r"^(?P<stem>.+)-p(?P<page>\d+)\.png$")


def golden_keys() -> list[str]:
    """Every document with committed golden pages, as `clinic/stem`."""
    keys = {
        f"{path.parent.name}/{match['stem']}"
        for path in PAGES.glob("*/*.png")
        if (match := _PAGE.match(path.name))
    }
    return sorted(keys)


def page_path(key: str, page: int) -> Path:
    return PAGES / f"{key}-p{page}.png"


def text_path(key: str) -> Path:
    return TEXT / f"{key}.json"


def _golden_pages(key: str) -> list[Path]:
    clinic, stem = key.split("/")
    found = [
        (int(match["page"]), path)
        for path in (PAGES / clinic).glob(f"{stem}-p*.png")
        if (match := _PAGE.match(path.name)) and match["stem"] == stem
    ]
    return [path for _, path in sorted(found)]


def _relative(path: Path) -> str:
    return str(path.relative_to(REPO))


def _keep_failure(
    key: str, page: int, actual: Image.Image, expected: Image.Image, found: PageDiff
) -> str:
    """Write the actual page, the golden and a diff image into _failures/; say where."""
    folder = FAILURES / key.split("/")[0]
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{key.split('/')[1]}-p{page}"
    paths = [folder / f"{stem}.{kind}.png" for kind in ("actual", "expected", "diff")]
    actual.save(paths[0])
    expected.save(paths[1])
    diff_image(actual, expected, found).save(paths[2])
    return ", ".join(_relative(path) for path in paths)


def check_pages(document: Document) -> list[str]:
    """Problems with a document's pages against its goldens, one readable line each."""
    goldens = _golden_pages(document.key)
    problems = []
    if len(goldens) != len(document.pages):
        problems.append(
            f"{document.key}: {len(document.pages)} pages, the goldens have {len(goldens)}"
        )
    for number, (actual, path) in enumerate(zip(document.pages, goldens, strict=False), 1):
        with Image.open(path) as stored:
            stored.load()
        page = small_png(actual, stored)
        found = compare(page, stored)
        if found.fails:
            kept = _keep_failure(document.key, number, page, stored, found)
            problems.append(
                f"{document.key} page {number}: {found.describe(DPI)}; golden "
                f"{_relative(path)}; see {kept}"
            )
    return problems


def _words_json(document: Document) -> str:
    pages = [list(words) for words in document.words or ()]
    return json.dumps({"unit": _UNIT, "pages": pages}, indent=1, ensure_ascii=False) + "\n"


def _word_lines(text: str) -> list[str]:
    pages = json.loads(text)["pages"]
    return [f"p{n} {line}" for n, words in enumerate(pages, 1) for line in words]


def check_words(document: Document) -> list[str]:
    """Words that moved, appeared or vanished (positions in pt, rounded), as a unified diff."""
    if document.words is None:
        return []
    path = text_path(document.key)
    if not path.exists():
        return [f"{document.key}: no text golden {_relative(path)}"]
    expected = _word_lines(path.read_text(encoding="utf-8"))
    actual = _word_lines(_words_json(document))
    if expected == actual:
        return []
    diff = difflib.unified_diff(expected, actual, "golden", "actual", n=1, lineterm="")
    return [
        f"{document.key}: words moved (page x y word, pt from the top left):\n" + "\n".join(diff)
    ]


def check(documents: dict[str, Document]) -> list[str]:
    """Every problem: documents missing or extra, pages and words that changed."""
    problems = [
        f"{key}: has goldens but was not built" for key in golden_keys() if key not in documents
    ]
    for key, document in documents.items():
        if not _golden_pages(key):
            problems.append(
                f"{key}: built but has no goldens (run python -m tests.goldens --update)"
            )
            continue
        problems += check_pages(document) + check_words(document)
    return problems


def _update_pages(document: Document) -> list[str]:
    changes = []
    old = _golden_pages(document.key)
    for number, actual in enumerate(document.pages, 1):
        path = page_path(document.key, number)
        if path.exists():
            with Image.open(path) as stored:
                stored.load()
            found = compare(small_png(actual, stored), stored)
            if not found.fails:  # within tolerance: keep the golden, no churn in git
                continue
            changes.append(f"changed {_relative(path)}: {found.describe(DPI)}")
        else:
            changes.append(f"new     {_relative(path)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        small_png(actual).save(path, optimize=True)
    for path in old[len(document.pages) :]:
        path.unlink()
        changes.append(f"removed {_relative(path)}")
    return changes


def _update_words(document: Document) -> list[str]:
    if document.words is None:
        return []
    path = text_path(document.key)
    text = _words_json(document)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return []
    moved = len(check_words(document)[0].splitlines()) if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [
        f"changed {_relative(path)} ({moved} diff lines)" if moved else f"new     {_relative(path)}"
    ]


def update(documents: dict[str, Document]) -> list[str]:
    """Rewrite the goldens from `documents`; one line per file written or removed."""
    changes = []
    for key in golden_keys():
        if key not in documents:
            for path in _golden_pages(key):
                path.unlink()
                changes.append(f"removed {_relative(path)}")
    for stale in TEXT.glob("*/*.json"):
        kept = documents.get(f"{stale.parent.name}/{stale.stem}")
        if kept is None or kept.words is None:
            stale.unlink()
            changes.append(f"removed {_relative(stale)}")
    for document in documents.values():
        changes += _update_pages(document) + _update_words(document)
    shutil.rmtree(FAILURES, ignore_errors=True)
    return changes
