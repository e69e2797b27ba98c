"""Render PDF: WeasyPrint lays out the HTML; content that does not fit its layout fails the build.

One `Renderer` per process keeps WeasyPrint's font configuration, the parsed stylesheets and
the decoded images (logos), so a batch of documents pays for them once.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from handouts import guard, limits
from handouts.errors import FetchRefused, LayoutError, Problem
from handouts.render import breaks
from handouts.render.columns import level_column_tops, level_lists
from handouts.render.fetcher import RefusedURL, SafeFetcher
from handouts.render.fill import fill_slots, find_marked
from handouts.render.fit import Slack
from handouts.render.images import BrokenImages, DocumentImages, Drawings
from handouts.render.justify import justify_pages, most_room_before_the_end
from handouts.render.units import resolve_units

# WeasyPrint reports missing resources as warnings and carries on; we stop on them instead
# (via the fetcher), so its logger would only repeat what our error already says.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class DecorativeImages(logging.Filter):
    """Quiets WeasyPrint about images without alternative text: only decorative icons have
    alt="", on purpose, and tagged files mark them as artefacts (press/artefacts.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != 'Image "%s" has no required alt description'


logging.getLogger("weasyprint").addFilter(DecorativeImages())

MM_PER_PX = 25.4 / 96
SHORT_COLUMN_MM = 12.0  # a page or column that ends this short, unfilled, is not whole (slack)


@dataclass(frozen=True)
class RenderRequest:
    html: str
    base_url: str
    stylesheets: tuple[Path, ...]
    extra_css: str
    max_pages: int
    name: str  # "article, layout" for messages
    source: Path | None = None
    derived: dict[str, bytes] = field(default_factory=dict)  # see SafeFetcher.derived
    options: dict[str, Any] = field(default_factory=dict)  # WeasyPrint render options
    # Lengths put into the stylesheets for their var()s (render/units.py): the sheet's units.
    units: tuple[tuple[str, str], ...] = ()


class Renderer:
    """WeasyPrint with the project's fetcher, one font configuration and cached stylesheets."""

    def __init__(self, asset_roots: tuple[Path, ...]) -> None:
        breaks.install()
        self.fetcher = SafeFetcher(asset_roots)
        self.font_config = FontConfiguration()
        # WeasyPrint copies each @font-face file into a `weasyprint-*` temp folder that only its
        # __del__ removes, which a worker process never runs (it leaves with os._exit). This
        # finalizer runs when the renderer is collected, when a worker process ends and when
        # the main process exits (multiprocessing runs it at exit in both).
        self._forget_fonts = Finalize(
            self, _remove_font_folder, (self.font_config,), exitpriority=0
        )
        self._css: dict[tuple[Path, tuple[tuple[str, str], ...]], CSS] = {}
        # Inline sheets keep the colour profiles their @color-profile rules declared.
        self._extra: dict[str, tuple[CSS, dict[str, Any]]] = {}
        # Decoded image files (logos), shared by documents rendered with the same options.
        self._images: dict[str, dict[str, Any]] = {}
        # Drawn SVGs (icons, outlines, QR codes), copied into the next document that uses them.
        self._drawings = Drawings()

    def stylesheet(self, path: Path, units: tuple[tuple[str, str], ...] = ()) -> CSS:
        """A stylesheet file, parsed once (once per set of `units` put into it)."""
        key = (path, units)
        if key not in self._css:
            text = guard.read_text(path, limits.STYLESHEET, self.fetcher.roots)
            self._css[key] = CSS(
                string=resolve_units(text, dict(units)) if units else text,
                base_url=path.parent.as_uri() + "/",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        return self._css[key]

    def inline_stylesheet(self, css: str) -> tuple[CSS, dict[str, Any]]:
        if css not in self._extra:
            profiles: dict[str, Any] = {}
            sheet = CSS(
                string=css,
                url_fetcher=self.fetcher,
                font_config=self.font_config,
                color_profiles=profiles,
            )
            self._extra[css] = (sheet, profiles)
        return self._extra[css]

    def image_cache(self, options: dict[str, Any]) -> DocumentImages:
        """A document's image cache, backed by images shared with the renderer's other documents.

        Not when images are downsampled (email's `dpi`): WeasyPrint resamples an image for the
        size it is first drawn at, so a shared logo would come out as the poster or the flyer
        drew it first, and a file's bytes would depend on what its worker rendered before.
        """
        derived = self.fetcher.derived
        if options.get("dpi") or options.get("optimize_images"):
            return DocumentImages({}, self.fetcher.digests, derived, None)
        shared = self._images.setdefault(repr(sorted(options.items())), {})
        return DocumentImages(shared, self.fetcher.digests, derived, self._drawings)

    def layout(self, request: RenderRequest) -> Document:
        """Lay out the document and check that it fits its pages and panels."""
        self.fetcher.begin(request.derived)
        broken = BrokenImages()
        logging.getLogger("weasyprint").addHandler(broken)
        try:
            extra, profiles = self.inline_stylesheet(request.extra_css)
            sheets = [extra, *(self.stylesheet(p, request.units) for p in request.stylesheets)]
            html = HTML(string=request.html, base_url=request.base_url, url_fetcher=self.fetcher)
            document = html.render(
                stylesheets=sheets,
                font_config=self.font_config,
                color_profiles=profiles,
                cache=self.image_cache(request.options),
                **request.options,
            )
        except RefusedURL as exc:
            raise FetchRefused(
                Problem(
                    f"refused to read {exc.url}: {exc.reason}",
                    file=request.source,
                    field=request.name,
                )
            ) from None
        finally:
            logging.getLogger("weasyprint").removeHandler(broken)
        if broken.urls:
            # A logo or QR code that cannot be drawn would print as its alternative text.
            raise FetchRefused(
                [
                    Problem(f"image {url} could not be read as an image", field=request.name)
                    for url in broken.urls
                ]
            )
        check_fit(document, request)
        level_column_tops(document)
        level_lists(document)
        justify_pages(document)
        fill_slots(document)
        return document

    def render(self, request: RenderRequest, **options: Any) -> bytes:
        document = self.layout(request)
        return document.write_pdf(**options)

    def close(self) -> None:
        """Remove the fonts WeasyPrint copied to the temp folder now (otherwise done when the
        renderer is collected or the process ends); the renderer is not to be used after."""
        self._forget_fonts()


def _remove_font_folder(font_config: FontConfiguration) -> None:
    """Remove a font configuration's `weasyprint-*` folder (Fontconfig reads its files)."""
    folder = getattr(font_config, "_folder", None)  # WeasyPrint 70's name for it
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


def check_fit(document: Document, request: RenderRequest) -> None:
    """Fail when content runs past the layout's pages or out of a fixed panel."""
    problems = []
    pages = len(document.pages)
    if pages > request.max_pages:
        spilled = sum(
            content_height(page._page_box) for page in document.pages[request.max_pages :]
        )
        problems.append(
            Problem(
                f"content does not fit: it runs onto page {request.max_pages + 1} "
                f"(the layout has {request.max_pages}), {spilled * MM_PER_PX:.0f} mm of it "
                "past the last page; shorten the article",
                file=request.source,
                field=request.name,
            )
        )
    first_page: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for panel, overflow in width_overflows(page._page_box):
            where = f"panel '{panel}'" if panel else "its column"
            problems.append(
                Problem(
                    f"content does not fit: on page {number} a line runs "
                    f"{overflow * MM_PER_PX:.1f} mm past the edge of {where}; shorten it "
                    "(a long address or word that cannot be broken)",
                    file=request.source,
                    field=request.name,
                )
            )
        for panel, overflow in panel_overflows(page._page_box):
            if panel in first_page and first_page[panel] != number:
                message = f"runs on from page {first_page[panel]} onto page {number}"
            elif overflow > 0:
                message = f"on page {number} overflows by {overflow * MM_PER_PX:.1f} mm"
            else:
                first_page.setdefault(panel, number)
                continue
            problems.append(
                Problem(
                    f"content does not fit: panel '{panel}' {message}; shorten its text",
                    file=request.source,
                    field=request.name,
                )
            )
    for what, number in first_page_misses(document):
        problems.append(
            Problem(
                f"content does not fit: {what} must be whole on page 1 of this layout, and the "
                f"text before it pushed it onto page {number}; shorten the title",
                file=request.source,
                field=request.name,
            )
        )
    if problems:
        raise LayoutError(problems)


def first_page_misses(document: Document) -> list[tuple[str, int]]:
    """What the template marks `data-first-page="what"` (large print's and the A5's red-flag
    box) but the layout put on a later page: (what, first page it is on)."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages[1:], start=2):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            what = element.get("data-first-page") if element is not None else None
            if what and getattr(box, "element_tag", None) is not None:
                found.setdefault(what, number)
    return sorted(found.items())


def panel_overflows(root: Any) -> list[tuple[str, float]]:
    """Each panel (an element with `data-panel`) on a page, with how far its content overflows.

    WeasyPrint lets an absolutely positioned panel continue on the next page rather than
    overflow, so the caller also treats a panel seen on a second page as overflowing.
    """
    found = []
    for box in _walk(root):
        element = getattr(box, "element", None)
        name = element.get("data-panel") if element is not None else None
        if not name or getattr(box, "element_tag", None) is None:
            continue
        limit = box.content_box_y() + box.height
        bottom = max((_bottom(child) for child in getattr(box, "children", [])), default=0)
        found.append((name, max(0.0, bottom - limit - 0.5)))
    return found


def width_overflows(page_box: Any) -> list[tuple[str | None, float]]:
    """How far text or an image reaches past the right edge of its panel or of the page area,
    at most once per panel (None: the page). Text may break anywhere as a last resort
    (`overflow-wrap: break-word` in common.css), so this finds what cannot break at all."""
    worst: dict[str | None, float] = {}

    def visit(box: Any, limit: float, panel: str | None) -> None:
        element = getattr(box, "element", None)
        name = element.get("data-panel") if element is not None else None
        if name and getattr(box, "element_tag", None) is not None:
            limit, panel = box.content_box_x() + box.width, name
        if type(box).__name__ in ("TextBox", "ImageBox", "InlineReplacedBox"):
            over = box.position_x + box.margin_width() - limit
            if over > 0.5:
                worst[panel] = max(worst.get(panel, 0.0), over)
        for child in getattr(box, "children", []):
            visit(child, limit, panel)

    for child in page_box.children:
        margin = type(child).__name__ == "MarginBox"  # running heads may use the whole page
        edge = page_box.margin_width() if margin else page_box.content_box_x() + page_box.width
        visit(child, edge, None)
    return sorted(worst.items(), key=lambda item: item[0] or "")


def content_height(page_box: Any) -> float:
    """How far down a page its content reaches, from the top of the page area (px)."""
    top = page_box.content_box_y()
    bottoms = [
        box.position_y + box.margin_height()
        for child in page_box.children
        if type(child).__name__ != "MarginBox"
        for box in _walk(child)
        if type(box).__name__ in ("LineBox", "ImageBox", "InlineReplacedBox")
    ]
    return max(0.0, max(bottoms, default=top) - top)


def slack(document: Document) -> Slack:
    """What the laid-out document leaves unused (render/fit.py): the room under the last page's
    content, and whether it is whole: the box placed at the end of the text is not a cut-down
    version (`data-fill-cut`: fewer questions, or no lines to write on) and no page or column
    before the text's last ends more than SHORT_COLUMN_MM short."""
    page_box = document.pages[-1]._page_box
    room = float(page_box.height - content_height(page_box)) * MM_PER_PX
    cut = next(find_marked(document, "data-fill-cut"), None) is not None
    short = most_room_before_the_end(document) * MM_PER_PX > SHORT_COLUMN_MM
    return Slack(room, not (cut or short))


def _bottom(box: Any) -> float:
    own = box.position_y + box.margin_height() if hasattr(box, "margin_height") else 0
    children = getattr(box, "children", [])
    return max([own, *(_bottom(child) for child in children)])


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _walk(child)
