"""The catalogue over HTTP: the grid and its filters, a background build polled to the end,
thumbnails, one PDF, a ZIP, and managers only."""

from __future__ import annotations

import io
import time
import zipfile

import pypdf

from .conftest import Desk

ONE = "clinic=riverside&article=dry-needling-aftercare&layout=flyer&profile=office"
NAME = "riverside/dry-needling-aftercare-flyer"


def test_catalogue_is_for_managers(desk: Desk) -> None:
    desk.signin("sam")
    for path in (
        "/studio/catalogue",
        "/studio/catalogue.zip",
        "/studio/catalogue/progress",
        "/studio/catalogue/pack.pdf",
        "/studio/catalogue/thumb/riverside/dry-needling-aftercare-flyer.png",
        "/studio/catalogue/file/riverside/dry-needling-aftercare-flyer.pdf",
    ):
        assert desk.client.get(path).status_code == 403, path
    token = desk.csrf()
    assert desk.client.post("/studio/catalogue/build", data={"csrf": token}).status_code == 403


def test_build_in_the_background_then_view_and_download(desk: Desk) -> None:
    desk.signin("mia")
    page = desk.client.get("/studio/catalogue?" + ONE)
    assert page.status_code == 200
    assert page.text.count('class="item ') == 1 and "Not built" in page.text
    every = desk.client.get("/studio/catalogue")
    assert every.text.count('class="item ') > 10
    token = desk.csrf("/studio/catalogue")
    form = dict(pair.split("=") for pair in ONE.split("&"))
    forged = desk.client.post("/studio/catalogue/build", data={"csrf": "forged", **form})
    assert forged.status_code == 403
    started = desk.client.post("/studio/catalogue/build", data={"csrf": token, **form}).json()
    assert started["started"] is True
    deadline = time.monotonic() + 180
    while True:
        progress = desk.client.get("/studio/catalogue/progress").json()
        if not progress["running"]:
            break
        assert time.monotonic() < deadline, progress
        time.sleep(0.5)
    assert progress["done"] == progress["total"] == 1 and progress["built"] == 1, progress
    page = desk.client.get("/studio/catalogue?" + ONE)
    assert "Built" in page.text
    thumb = desk.client.get(f"/studio/catalogue/thumb/{NAME}.png")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")
    assert (desk.project.out_dir / ".thumbs" / f"{NAME}.png").exists()
    pdf = desk.client.get(f"/studio/catalogue/file/{NAME}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    archive = desk.client.get("/studio/catalogue.zip?" + ONE)
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names == [f"{NAME}.pdf"]
    assert desk.client.get("/studio/catalogue/file/riverside/nothing-flyer.pdf").status_code == 404
    pack = desk.client.get("/studio/catalogue/pack.pdf?" + ONE)
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF")
    outline = pypdf.PdfReader(io.BytesIO(pack.content)).outline
    assert outline, "a print pack has a bookmark per leaflet"
    mixed = desk.client.get("/studio/catalogue/pack.pdf?clinic=lakeshore")  # none built
    assert mixed.status_code == 422 and "one kind" in mixed.text
    # A changed clinic makes it out of date.
    clinic = desk.project.clinics_dir / "riverside.yaml"
    clinic.write_text(clinic.read_text().replace("#e07a1f", "#c0601a"))
    assert "Out of date" in desk.client.get("/studio/catalogue?" + ONE).text
