"""The brand kit editor over HTTP: permissions, CSRF, saving with comments kept, backups,
concurrent edits, field errors, and untrusted logo uploads."""

from __future__ import annotations

import io
import re
import struct
import zlib

from PIL import Image

from handouts.source import brandkit

from .conftest import Desk

RIVERSIDE = "/studio/brand/riverside"


def form_of(desk: Desk, path: str = RIVERSIDE) -> dict[str, str]:
    page = desk.client.get(path)
    assert page.status_code == 200, page.text
    values = brandkit.form_values(desk.project.clinics_dir / "riverside.yaml")
    values.pop("logo")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.text)
    assert token and digest
    return {**values, "csrf": token.group(1), "digest": digest.group(1)}


def test_practitioner_cannot_open_or_save_brands(desk: Desk) -> None:
    desk.signin("sam")
    assert desk.client.get("/studio").status_code == 403
    assert desk.client.get(RIVERSIDE).status_code == 403
    token = desk.csrf()
    before = (desk.project.clinics_dir / "riverside.yaml").read_bytes()
    response = desk.client.post(RIVERSIDE, data={"csrf": token, "name": "Hijacked"})
    assert response.status_code == 403
    assert (desk.project.clinics_dir / "riverside.yaml").read_bytes() == before
    assert desk.client.get("/audit").status_code == 403
    assert "/studio" not in desk.client.get("/aftercare").text


def test_signed_out_visitor_is_sent_to_sign_in(desk: Desk) -> None:
    response = desk.client.get(RIVERSIDE, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    assert desk.client.post(RIVERSIDE, data={"name": "x"}).status_code == 401


def test_manager_sees_studio_and_audit(desk: Desk) -> None:
    desk.signin("mia")
    assert desk.client.get("/audit").status_code == 200
    index = desk.client.get("/studio")
    assert index.status_code == 200 and RIVERSIDE in index.text
    page = desk.client.get(RIVERSIDE)
    assert 'type="color"' in page.text and "Atkinson Hyperlegible" in page.text
    assert desk.client.get("/studio/brand/nowhere").status_code == 404


def test_save_without_token_is_refused(desk: Desk) -> None:
    desk.signin("mia")
    form = form_of(desk)
    form["csrf"] = "forged"
    form["name"] = "Forged"
    assert desk.client.post(RIVERSIDE, data=form).status_code == 403
    assert "Forged" not in (desk.project.clinics_dir / "riverside.yaml").read_text()


def test_save_keeps_comments_order_and_a_backup(desk: Desk) -> None:
    desk.signin("mia")
    clinic = desk.project.clinics_dir / "riverside.yaml"
    before = clinic.read_text()
    form = form_of(desk)
    form["colors.primary"] = "#224466"
    form["emergency_number"] = "112"
    response = desk.client.post(RIVERSIDE, data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    after = clinic.read_text()
    assert 'primary: "#224466"      # deep teal' in after
    assert 'emergency_number: "112"' in after
    assert after.splitlines()[0] == before.splitlines()[0]  # the heading comment
    keys = [line.split(":")[0] for line in after.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == [
        line.split(":")[0] for line in before.splitlines() if re.match(r"^[a-z_]+:", line)
    ]
    assert (clinic.parent / "riverside.yaml.~1~").read_text() == before
    form = form_of(desk)
    form["tagline"] = "Second save"
    assert desk.client.post(RIVERSIDE, data=form, follow_redirects=False).status_code == 303
    assert (clinic.parent / "riverside.yaml.~2~").read_text() == after


def test_field_errors_are_shown_per_field_and_nothing_is_written(desk: Desk) -> None:
    desk.signin("mia")
    clinic = desk.project.clinics_dir / "riverside.yaml"
    before = clinic.read_bytes()
    form = form_of(desk)
    form["colors.accent"] = "orange"
    form["booking_url"] = "not an address"
    form["press.cmyk.primary"] = "1, 2, 3"
    response = desk.client.post(RIVERSIDE, data=form)
    assert response.status_code == 422
    assert 'id="colors.accent-error"' in response.text
    assert 'id="booking_url-error"' in response.text
    assert 'id="press.cmyk.primary-error"' in response.text
    assert 'value="orange"' in response.text  # what was typed is kept in the form
    assert clinic.read_bytes() == before
    assert not list(clinic.parent.glob("riverside.yaml.~*~"))


def test_a_second_managers_save_is_detected(desk: Desk) -> None:
    desk.signin("mia")
    clinic = desk.project.clinics_dir / "riverside.yaml"
    first = form_of(desk)
    second = form_of(desk)
    first["tagline"] = "From the first manager"
    assert desk.client.post(RIVERSIDE, data=first, follow_redirects=False).status_code == 303
    second["tagline"] = "From the second manager"
    response = desk.client.post(RIVERSIDE, data=second)
    assert response.status_code == 422
    assert "Someone else saved this clinic" in response.text
    assert "From the first manager" in clinic.read_text()


def png_bytes(width: int, height: int, **info: str) -> bytes:
    out = io.BytesIO()
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG", pnginfo=meta)
    return out.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image (the pixels compress to almost nothing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(desk: Desk, name: str, data: bytes, kind: str = "application/octet-stream"):
    form = form_of(desk)
    return desk.client.post(
        RIVERSIDE, data=form, files={"logo": (name, data, kind)}, follow_redirects=False
    )


def test_png_logo_is_reencoded_without_metadata(desk: Desk) -> None:
    desk.signin("mia")
    response = upload(desk, "wide.png", png_bytes(1200, 300, Author="someone private"), "image/png")
    assert response.status_code == 303, response.text
    clinic = desk.project.clinics_dir / "riverside.yaml"
    name = re.search(r"^logo: (\S+)$", clinic.read_text(), re.M)
    assert name and name.group(1).startswith("riverside-logo-") and name.group(1).endswith(".png")
    stored = (clinic.parent / name.group(1)).read_bytes()
    assert b"someone private" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1200, 300)
    assert (clinic.parent / "riverside-logo.svg").exists()  # the old logo is kept


HOSTILE = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "event": b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="x()" width="1"/></svg>',
    "external": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://tracker.example/x.png"/></svg>'
    ),
    "css-url": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://e.example/a)"/>'
        b"</svg>"
    ),
    "entity": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>'
    ),
    "foreign": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>'
    ),
}


def test_hostile_uploads_are_refused_and_nothing_changes(desk: Desk) -> None:
    desk.signin("mia")
    clinic = desk.project.clinics_dir / "riverside.yaml"
    before = clinic.read_bytes()
    files_before = sorted(p.name for p in clinic.parent.iterdir())
    cases = {
        **{f"{k}.svg": v for k, v in HOSTILE.items()},
        "bomb.png": bomb_png(60000, 60000),
        "notes.png": b"%PDF-1.7 this is not an image",
        "broken.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        "huge.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 10),
    }
    for name, data in cases.items():
        response = upload(desk, name, data)
        assert response.status_code == 422, name
        assert 'id="logo-error"' in response.text, name
    assert clinic.read_bytes() == before
    assert sorted(p.name for p in clinic.parent.iterdir()) == files_before


def test_clean_svg_is_rewritten_and_kept(desk: Desk) -> None:
    desk.signin("mia")
    svg = (
        b'<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" '
        b'viewBox="0 0 40 10"><rect width="40" height="10" fill="#123456"/></svg>'
    )
    assert upload(desk, "logo.svg", svg, "image/svg+xml").status_code == 303
    clinic = desk.project.clinics_dir / "riverside.yaml"
    name = re.search(r"^logo: (\S+)$", clinic.read_text(), re.M)
    assert name and name.group(1).endswith(".svg")
    stored = (clinic.parent / name.group(1)).read_bytes()
    assert b"<rect" in stored and b"made by hand" not in stored
