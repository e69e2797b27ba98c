"""`python -m tests.goldens [--update]`: check the golden pages, or rewrite them on purpose."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.goldens import check, update
from tests.goldens.render import render_all


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.goldens", description=__doc__)
    parser.add_argument(
        "--update", action="store_true", help="rewrite the goldens, print what changed"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goldens-") as folder:
        documents = render_all(Path(folder))
    pages = sum(len(document.pages) for document in documents.values())
    print(f"rendered {len(documents)} documents, {pages} pages")
    if options.update:
        changes = update(documents)
        print("\n".join(changes) if changes else "no golden changed")
        return 0
    problems = check(documents)
    print("\n".join(problems) if problems else "every golden page matches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
