"""The brand kit's live preview over HTTP: an image from unsaved values, the contrast pairs
with the nearest passing colour, field errors, and nothing written."""

from __future__ import annotations

import base64
import io

from PIL import Image

from .conftest import Desk
from .test_studio_brand import RIVERSIDE, form_of

PREVIEW = RIVERSIDE + "/preview"


def image_of(result: dict) -> Image.Image:
    data = base64.b64decode(result["image"].removeprefix("data:image/jpeg;base64,"))
    assert data.startswith(b"\xff\xd8\xff")  # JPEG
    return Image.open(io.BytesIO(data)).convert("RGB")


def pixels_near(image: Image.Image, colour: tuple[int, int, int], within: int = 6) -> int:
    return sum(
        count
        for count, c in image.getcolors(1 << 20)
        if max(abs(a - b) for a, b in zip(c, colour, strict=True)) <= within
    )


def test_preview_renders_unsaved_colours_and_writes_nothing(desk: Desk) -> None:
    desk.signin("mia")
    clinic = desk.project.clinics_dir / "riverside.yaml"
    before = clinic.read_bytes()
    form = form_of(desk)
    first = desk.client.post(PREVIEW, data=form).json()
    form["colors.primary"] = "#8b1a4a"
    second = desk.client.post(PREVIEW, data=form).json()
    assert first["errors"] == {} and second["errors"] == {}
    one, two = image_of(first), image_of(second)
    assert one.size == two.size and one.width == 820
    assert one.tobytes() != two.tobytes()
    # The new primary colour is printed (headings); JPEG keeps a solid colour within a few
    # levels.
    assert pixels_near(two, (0x8B, 0x1A, 0x4A)) > 200
    assert pixels_near(one, (0x8B, 0x1A, 0x4A)) == 0
    assert all(p["passes"] for p in second["pairs"])
    assert clinic.read_bytes() == before


def test_low_contrast_names_the_pair_and_suggests_a_passing_colour(desk: Desk) -> None:
    desk.signin("mia")
    form = form_of(desk)
    form["colors.primary"] = "#9fd3dc"
    result = desk.client.post(PREVIEW, data=form).json()
    failing = [p for p in result["pairs"] if not p["passes"]]
    assert failing
    headings = next(p for p in failing if "headings" in p["where"])
    assert headings["field"] == "colors.primary"
    assert headings["suggestion"] and headings["suggestion"] != "#9fd3dc"
    form["colors.primary"] = headings["suggestion"]
    again = desk.client.post(PREVIEW, data=form).json()
    assert next(p for p in again["pairs"] if "headings" in p["where"])["passes"]


def test_preview_reports_field_errors_and_http_booking(desk: Desk) -> None:
    desk.signin("mia")
    form = form_of(desk)
    form["colors.accent"] = "#12"
    result = desk.client.post(PREVIEW, data=form).json()
    assert "colors.accent" in result["errors"] and "image" not in result
    form = form_of(desk)
    form["booking_url"] = "http://riversidephysio.example/book"
    result = desk.client.post(PREVIEW, data=form).json()
    assert any(f["rule"] == "branding.links" or "https" in f["message"] for f in result["findings"])


def test_preview_is_for_managers_with_a_token(desk: Desk) -> None:
    desk.signin("mia")
    form = form_of(desk)
    assert desk.client.post(PREVIEW, data={**form, "csrf": "x"}).status_code == 403
    desk.client.post("/signout", data={"csrf": form["csrf"]})
    desk.signin("sam")
    token = desk.csrf()
    assert desk.client.post(PREVIEW, data={**form, "csrf": token}).status_code == 403
