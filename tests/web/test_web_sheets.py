"""The aftercare form's deliveries: field errors, encrypt, email over STARTTLS, .eml, blank pads."""

from __future__ import annotations

import base64
import io
import re
from email import message_from_bytes, policy

import pypdf

from ..aftercare.conftest import font_names
from .conftest import PASSWORD_ENV, SMTP_PASSWORD, Desk, MailServer, make_desk, point_smtp_at
from .test_web_core import pdf_text, sheet_fields

ADDRESS = "zoe.quill@example.org"


def test_field_errors_one_per_field_and_everything_typed_kept(desk: Desk) -> None:
    desk.signin()
    fields = sheet_fields(
        desk,
        action="download",
        date="14/03/2026",
        email="not-an-address",
        areas="\n".join(f"area {n}" for n in range(8)),
        notes="Line one\x07",
    )
    response = desk.client.post("/aftercare", data=fields)
    assert response.status_code == 422
    html = response.text
    errors = dict(re.findall(r'<p class="field-error" id="(\w+)-error">.*?</span>(.*?)</p>', html))
    assert set(errors) == {"date", "email", "areas", "notes"}  # one message per field
    assert "YYYY-MM-DD" in errors["date"]
    assert "valid email address" in errors["email"]
    assert 'aria-invalid="true"' in html and 'aria-describedby="date-error"' in html
    # What was typed is kept, escaped, so nothing need be typed twice.
    assert 'value="Zoë &lt;b&gt;Quill&lt;/b&gt;"' in html
    assert 'value="Tue 17 March, 10:30"' in html and 'value="not-an-address"' in html
    assert 'name="areas" type="text"' in html and 'value="area 7"' in html  # all eight kept
    assert "<b>Quill</b>" not in html  # never unescaped
    # Error messages never repeat a value.
    for message in errors.values():
        assert "14/03" not in message and "not-an-address" not in message


def test_empty_name_is_a_field_error(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="preview", patient=""))
    assert response.status_code == 422
    assert 'id="patient-error"' in response.text


def test_preview_without_javascript_shows_the_image_in_the_page(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="preview"))
    assert response.status_code == 200
    image = re.search(r'src="data:image/jpeg;base64,([^"]+)"', response.text).group(1)
    assert base64.b64decode(image).startswith(b"\xff\xd8\xff")  # JPEG


def test_preview_errors_for_the_script_are_json(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare/preview", data=sheet_fields(desk, email="x@"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"email"}


def test_sheet_text_and_embedded_fonts(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="download", size="a5"))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # A5 is printed on both sides
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert round(width / 72 * 25.4) == 148 and round(height / 72 * 25.4) == 210
    fonts = font_names(reader)
    assert any("Atkinson" in name for name in fonts) and all(fonts.values())
    assert (
        reader.metadata.title == "After dry needling: how to look after yourself"
    )  # the article's
    assert "Quill" not in str(dict(reader.metadata))


def test_encrypted_download_shows_the_password_once(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post(
        "/aftercare", data=sheet_fields(desk, action="download", encrypt="on")
    )
    assert response.status_code == 200 and "Password for this sheet" in response.text
    password = re.search(r'<code id="password">([a-z0-9-]+)</code>', response.text).group(1)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    data = re.search(r'href="data:application/pdf;base64,([^"]+)"', response.text).group(1)
    pdf = base64.b64decode(data)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted and reader.decrypt("wrong") == 0
    assert "For Zoë <b>Quill</b>" in pdf_text(pdf, password)


def test_eml_download(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="eml", email=ADDRESS))
    assert response.status_code == 200
    assert response.headers["content-type"] == "message/rfc822"
    message = message_from_bytes(response.content, policy=policy.default)
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Information from your visit to Riverside Physiotherapy"
    [part] = list(message.iter_attachments())
    assert "For Zoë <b>Quill</b>" in pdf_text(part.get_content())


def test_email_needs_an_address(project, sqlite_url) -> None:
    desk = make_desk(project, sqlite_url, {"RIVERSIDE_SMTP_PASSWORD": "set"})
    desk.signin()
    response = desk.client.post("/aftercare", data=sheet_fields(desk, action="email"))
    assert response.status_code == 422
    assert 'id="email-error"' in response.text and "is needed" in response.text


def test_email_is_sent_over_starttls(project, sqlite_url, mail_server: MailServer) -> None:
    point_smtp_at(project, mail_server)
    desk = make_desk(project, sqlite_url, {PASSWORD_ENV: SMTP_PASSWORD})
    desk.signin()
    response = desk.client.post(
        "/aftercare", data=sheet_fields(desk, action="email", email=ADDRESS, encrypt="on")
    )
    assert response.status_code == 200, response.text
    assert "Email sent" in response.text and ADDRESS not in response.text
    password = re.search(r'<code id="password">([a-z0-9-]+)</code>', response.text).group(1)
    [received] = mail_server.inbox.messages
    assert received.tls and received.rcpt_tos == [ADDRESS]
    assert password.encode() not in received.content
    message = message_from_bytes(received.content, policy=policy.default)
    [part] = list(message.iter_attachments())
    assert "For Zoë <b>Quill</b>" in pdf_text(part.get_content(), password)


def test_email_without_the_mail_password_says_so(project, sqlite_url, mail_server) -> None:
    point_smtp_at(project, mail_server)
    desk = make_desk(project, sqlite_url, {})
    desk.signin()
    response = desk.client.post(
        "/aftercare", data=sheet_fields(desk, action="email", email=ADDRESS)
    )
    assert response.status_code == 422
    assert "the mail password is not set" in response.text
    assert mail_server.inbox.messages == []


def test_blank_pad_sheet(desk: Desk) -> None:
    desk.signin()
    response = desk.client.get(
        "/pads/sheet", params={"clinic": "lakeshore", "article": "dry-needling-aftercare"}
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('lakeshore-blank-letter.pdf"')
    text = pdf_text(response.content)
    assert "Name" in text and "Next visit" in text and "For " not in text


def test_unknown_treatment_is_a_field_error(desk: Desk) -> None:
    desk.signin()
    response = desk.client.post(
        "/aftercare", data=sheet_fields(desk, action="download", article="cupping-aftercare")
    )
    assert response.status_code == 422 and 'id="article-error"' in response.text


def test_areas_are_suggested_from_the_body_map(desk: Desk) -> None:
    desk.signin()
    html = desk.client.get("/aftercare").text
    assert 'list="area-names"' in html
    assert '<option value="left upper trapezius">' in html
    assert html.count('name="areas"') == 2  # two boxes to start with, one more per area typed
    data: dict[str, str | list[str]] = {**sheet_fields(desk, action="download")}
    data["areas"] = ["neck", "right calf", ""]
    response = desk.client.post("/aftercare", data=data)
    assert response.status_code == 200, response.text
    assert "neck, right calf" in pdf_text(response.content)
