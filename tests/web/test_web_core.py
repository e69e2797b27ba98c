"""The core flow over HTTP: sign in, the form, preview, download, and the sheet read back."""

from __future__ import annotations

import io

import pypdf
from PIL import Image

from .conftest import Desk

PATIENT = "Zoë <b>Quill</b>"


def sheet_fields(desk: Desk, **extra: str) -> dict[str, str]:
    return {
        "csrf": desk.csrf(),
        "clinic": "riverside",
        "article": "dry-needling-aftercare",
        "patient": PATIENT,
        "date": "2026-03-14",
        "areas": "left upper trapezius\nright calf",
        "practitioner": "Sam Patel",
        "notes": "Walk gently tonight.",
        "next_appointment": "Tue 17 March, 10:30",
        "size": "",
        **extra,
    }


def pdf_text(data: bytes, password: str | None = None) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password:
        assert reader.decrypt(password)
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_download_is_the_patients_sheet(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="download"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="aftercare-riverside-2026-03-14.pdf"'
    )
    assert response.headers["cache-control"] == "no-store"
    text = pdf_text(response.content)
    assert "For Zoë <b>Quill</b>" in text
    assert "left upper trapezius, right calf" in text
    assert "14 March 2026" in text and "Tue 17 March, 10:30" in text


def test_preview_is_an_image_of_the_page(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare/preview", data=sheet_fields(desk))
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.width == 820 and 1.35 < image.height / image.width < 1.45  # A4 portrait
