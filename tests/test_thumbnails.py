"""Catalogue thumbnails (build/catalogue.py): the web front asks for several at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from handouts.build.catalogue import items, thumbnail
from handouts.render.jobs import Selection
from handouts.source.project import Project


def test_thumbnails_drawn_at_once_in_threads_all_come_out(demo_build: Project) -> None:
    """A catalogue page asks for its thumbnails together, and the server draws them in its
    thread pool. PDFium is not thread-safe: drawn at once, some failed ("Failed to load page")
    and left broken images in the browser, or stopped the process."""
    built = [i for i in items(demo_build, Selection()) if i.output.exists()][:12]
    assert len(built) == 12
    for _ in range(4):
        for old in (demo_build.out_dir / ".thumbs").glob("**/*.png"):
            old.unlink()
        with ThreadPoolExecutor(max_workers=12) as pool:
            paths = list(pool.map(lambda item: thumbnail(demo_build, item), built))
        assert all(p is not None and p.read_bytes().startswith(b"\x89PNG") for p in paths)
