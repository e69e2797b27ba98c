"""--encrypt: AES-256 (PDF /V 5 /R 6, AESV3 crypt filter), never RC4; the password shown once."""

from __future__ import annotations

import io
import re
import stat
import subprocess

import pypdf
import pytest

from handouts.press.encryption import check_password, encrypt, new_password

from .conftest import Workspace, pdf_text

PASSWORD_LINE = re.compile(r"^Password: ([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}) ", re.MULTILINE)


def assert_aes256(reader: pypdf.PdfReader) -> None:
    assert reader.is_encrypted
    handler = reader.trailer["/Encrypt"].get_object()
    assert (handler["/V"], handler["/R"]) == (5, 6)
    assert handler["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert handler["/StmF"] == handler["/StrF"] == "/StdCF"


def test_generated_password_is_shown_once_and_opens_the_sheet(ws: Workspace) -> None:
    run = ws.run(
        "--clinic", "riverside", "--patient", "Hana Novák", "--date", "2026-03-14", "--encrypt"
    )
    assert run.exit_code == 0, run.output
    passwords = PASSWORD_LINE.findall(run.stdout)
    assert len(passwords) == 1, run.stdout
    path = ws.only_pdf()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    reader = pypdf.PdfReader(path)
    assert_aes256(reader)
    assert "Hana Novák" in pdf_text(path, passwords[0])
    assert pypdf.PdfReader(path).decrypt("wrong-password") == pypdf.PasswordType.NOT_DECRYPTED
    assert b"Hana" not in path.read_bytes()


def test_given_password_is_used_and_not_echoed(ws: Workspace) -> None:
    run = ws.run(
        "--clinic",
        "riverside",
        "--patient",
        "Hana Novák",
        "--encrypt",
        "--password",
        "correct horse 42",
    )
    assert run.exit_code == 0, run.output
    assert "correct horse" not in run.output
    assert "Hana Novák" in pdf_text(ws.only_pdf(), "correct horse 42")


def test_qpdf_agrees_it_is_aes_256(ws: Workspace) -> None:
    ws.run("--clinic", "riverside", "--patient", "A B", "--encrypt", "--password", "12345678")
    shown = subprocess.run(
        ["qpdf", "--password=12345678", "--show-encryption", str(ws.only_pdf())],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "R = 6" in shown.stdout
    assert "stream encryption method: AESv3" in shown.stdout
    assert "RC4" not in shown.stdout


def test_generated_passwords_are_readable_and_differ() -> None:
    passwords = {new_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(
        re.fullmatch(r"[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){2}", p) for p in passwords
    )


@pytest.mark.parametrize("bad", ["short", " padded password ", "tab\there-ok?"])
def test_weak_or_odd_passwords_are_refused(bad: str) -> None:
    from handouts.errors import HandoutsError

    with pytest.raises(HandoutsError):
        check_password(bad)


def test_encrypt_keeps_the_pages() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    source = io.BytesIO()
    writer.write(source)
    reader = pypdf.PdfReader(io.BytesIO(encrypt(source.getvalue(), "12345678")))
    assert_aes256(reader)
    assert reader.decrypt("12345678")
    assert len(reader.pages) == 1
