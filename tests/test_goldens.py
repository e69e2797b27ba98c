"""Golden pages: every demo leaflet (layout × profile), an aftercare sheet and a blank pad sheet
look as committed. A deliberate change is recorded with `python -m tests.goldens --update`."""

from __future__ import annotations

import pytest

from tests.goldens import check_pages, check_words, golden_keys
from tests.goldens.render import TEXT_DOCUMENTS, Document, render_all

UPDATE = "if the change is intended: python -m tests.goldens --update, and say why in the commit"


class Rendered(dict[str, Document]):
    """The rendered documents, shown by their number in a failure (not page by page)."""

    def __repr__(self) -> str:
        return f"<{len(self)} rendered documents>"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Everything built once through the command line (fixed dates) and rasterized."""
    return Rendered(render_all(tmp_path_factory.mktemp("goldens")))


def test_every_document_has_goldens(rendered: Rendered) -> None:
    built, stored = set(rendered), set(golden_keys())
    assert built == stored, (
        f"built without goldens: {sorted(built - stored)}; "
        f"goldens not built: {sorted(stored - built)}; {UPDATE}"
    )
    assert set(TEXT_DOCUMENTS) <= built


@pytest.mark.parametrize("key", golden_keys())
def test_pages_match_goldens(rendered: Rendered, key: str) -> None:
    assert key in rendered, f"{key} was not built"
    problems = check_pages(rendered[key])
    assert not problems, "\n".join([*problems, UPDATE])


@pytest.mark.parametrize("key", TEXT_DOCUMENTS)
def test_words_stay_in_place(rendered: Rendered, key: str) -> None:
    problems = check_words(rendered[key])
    assert not problems, "\n".join([*problems, UPDATE])
