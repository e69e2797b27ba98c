"""Compare a rendered page with its golden: changed pixels, their area in mm, and a diff image."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

CHANNEL_THRESHOLD = 40  # a pixel counts as changed when a channel moves by more than this (of 255)
MAX_CHANGED_SHARE = 0.0002  # a page fails when more than 0.02 % of its pixels changed


@dataclass(frozen=True)
class PageDiff:
    """How one page differs from its golden."""

    changed: int  # pixels over the channel threshold
    total: int
    box: tuple[int, int, int, int] | None  # bounding box of the changed pixels, in pixels
    size_changed: bool
    mask: Image.Image | None  # "L" image, 255 where changed

    @property
    def share(self) -> float:
        return self.changed / self.total if self.total else 0.0

    @property
    def fails(self) -> bool:
        return self.size_changed or self.share > MAX_CHANGED_SHARE

    def describe(self, dpi: int) -> str:
        """`1234 px (0.98 %) changed in x 10-95 mm, y 20-40 mm (12.3 % of the page)`."""
        if self.size_changed:
            return "page size changed"
        if self.box is None:
            return f"no pixel moved by more than {CHANNEL_THRESHOLD} (colours shifted slightly)"
        mm = [round(v * 25.4 / dpi) for v in self.box]
        width, height = self.mask.size if self.mask else (1, 1)
        area = (self.box[2] - self.box[0]) * (self.box[3] - self.box[1]) / (width * height)
        return (
            f"{self.changed} px ({self.share:.2%}) changed in x {mm[0]}-{mm[2]} mm, "
            f"y {mm[1]}-{mm[3]} mm from the top left ({area:.1%} of the page)"
        )


def compare(actual: Image.Image, expected: Image.Image) -> PageDiff:
    """Pixels of `actual` that differ from `expected` by more than the channel threshold."""
    if actual.size != expected.size:
        total = expected.size[0] * expected.size[1]
        return PageDiff(total, total, (0, 0, *expected.size), True, None)
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = largest.point(lambda v: 255 if v > CHANNEL_THRESHOLD else 0)
    changed = mask.histogram()[255]
    total = mask.size[0] * mask.size[1]
    return PageDiff(changed, total, mask.getbbox(), False, mask)


def diff_image(actual: Image.Image, expected: Image.Image, found: PageDiff) -> Image.Image:
    """The golden page faded, with changed pixels in red and their bounding box outlined."""
    base = expected.convert("RGB")
    faded = Image.blend(base, Image.new("RGB", base.size, "white"), 0.7)
    if found.mask is None:  # page size changed: show the new page beside the old one
        both = Image.new(
            "RGB", (base.width + actual.width, max(base.height, actual.height)), "white"
        )
        both.paste(faded, (0, 0))
        both.paste(actual.convert("RGB"), (base.width, 0))
        return both
    faded.paste(Image.new("RGB", base.size, (230, 0, 0)), (0, 0), found.mask)
    if found.box:
        left, top, right, bottom = found.box
        ImageDraw.Draw(faded).rectangle((left, top, right - 1, bottom - 1), outline=(0, 90, 230))
    return faded
