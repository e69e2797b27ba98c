"""Delivery: a ready-to-send .eml, and SMTP against a real local server that requires STARTTLS."""

from __future__ import annotations

import stat
from email import message_from_bytes, policy
from email.message import EmailMessage

from .conftest import PASSWORD_ENV, SMTP_PASSWORD, SMTP_USER, MailServer, Workspace

PATIENT = "Zoë <i>Hart</i>"
ADDRESS = "zoe.hart@example.org"


def details(*extra: str) -> list[str]:
    return [
        "--clinic",
        "riverside",
        "--patient",
        PATIENT,
        "--date",
        "2026-03-14",
        "--area",
        "lower back",
        "--email",
        ADDRESS,
        *extra,
    ]


def parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def attachment(message: EmailMessage) -> bytes:
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_content_type() == "application/pdf"
    assert parts[0].get_filename() == "aftercare-sheet.pdf"
    return parts[0].get_content()


def assert_generic_headers(message: EmailMessage) -> None:
    assert (
        message["From"] == "Riverside Physiotherapy <hello@riversidephysio.example>"
        or message["From"].addresses[0].display_name == "Riverside Physiotherapy"
    )
    assert message["To"] == ADDRESS
    subject = message["Subject"]
    assert subject == "Information from your visit to Riverside Physiotherapy"
    for word in ("Zoë", "Hart", "needl", "back", "aftercare", "pain"):
        assert word.lower() not in subject.lower()


def test_eml_is_ready_to_send(ws: Workspace) -> None:
    eml = ws.aftercare / "message.eml"
    run = ws.run(*details("--eml", str(eml)))
    assert run.exit_code == 0, run.output
    assert stat.S_IMODE(eml.stat().st_mode) == 0o600
    message = parse(eml.read_bytes())
    assert_generic_headers(message)
    pdf = next(p for p in ws.written() if p.suffix == ".pdf")
    assert attachment(message) == pdf.read_bytes()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"Hello {PATIENT}," in text  # plain text: as typed
    assert "Hello <bdi>Zoë &lt;i&gt;Hart&lt;/i&gt;</bdi>," in html  # HTML: escaped
    assert "0117 496 0321" in text and "999" in text
    assert "password" not in text.lower()


def test_eml_of_an_encrypted_sheet_says_the_password_comes_separately(ws: Workspace) -> None:
    eml = ws.root / "m.eml"
    run = ws.run(*details("--eml", str(eml), "--encrypt"))
    assert run.exit_code == 0, run.output
    password = run.stdout.split("Password: ")[1].split()[0]
    message = parse(eml.read_bytes())
    text = message.get_body(("plain",)).get_content()
    assert "protected with a password" in text
    assert password not in eml.read_bytes().decode("ascii", "replace")
    assert attachment(message).startswith(b"%PDF")


def test_send_over_starttls_delivers_the_sheet_byte_for_byte(
    ws: Workspace, mail_server: MailServer
) -> None:
    ws.set_smtp(mail_server.port, mail_server.ca_file)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 0, run.output
    assert "Email sent" in run.stdout and ADDRESS not in run.output
    assert mail_server.inbox.logins == [(SMTP_USER.encode(), SMTP_PASSWORD.encode())]
    [received] = mail_server.inbox.messages
    assert received.tls
    assert received.mail_from == "aftercare@riverside.test"
    assert received.rcpt_tos == [ADDRESS]
    message = parse(received.content)
    assert message["From"].addresses[0].display_name == "Riverside Physiotherapy"
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Information from your visit to Riverside Physiotherapy"
    assert attachment(message) == ws.only_pdf().read_bytes()


def test_server_without_starttls_gets_nothing(ws: Workspace, plain_mail_server: MailServer) -> None:
    ws.set_smtp(plain_mail_server.port, plain_mail_server.ca_file)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 1
    assert "does not offer STARTTLS" in run.stderr
    assert plain_mail_server.inbox.messages == [] and plain_mail_server.inbox.logins == []
    kept = ws.only_pdf()
    assert f"the sheet is kept at {kept}" in run.stderr  # a failed send keeps the PDF
    assert f"Saved {kept}" in run.stdout


def test_untrusted_certificate_gets_nothing(
    ws: Workspace, stranger_mail_server: MailServer
) -> None:
    ws.set_smtp(stranger_mail_server.port, stranger_mail_server.ca_file)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 1
    assert "certificate" in run.stderr and "could not be verified" in run.stderr
    assert stranger_mail_server.inbox.messages == []
    assert stranger_mail_server.inbox.logins == []
    assert f"the sheet is kept at {ws.only_pdf()}" in run.stderr


def test_system_trust_store_is_the_default(ws: Workspace, mail_server: MailServer) -> None:
    """Without ca_file the test CA is not trusted: production verifies against the system."""
    ws.set_smtp(mail_server.port, ca_file=None)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 1
    assert "could not be verified" in run.stderr
    assert mail_server.inbox.messages == []


def test_host_name_must_match_the_certificate(ws: Workspace, mail_server: MailServer) -> None:
    # The certificate names 127.0.0.1 and localhost; 127.0.0.2 reaches the same machine.
    ws.set_smtp(mail_server.port, mail_server.ca_file, host="127.0.0.2")
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 1
    assert mail_server.inbox.messages == []


def test_wrong_password_is_reported_and_the_sheet_kept(
    ws: Workspace, mail_server: MailServer
) -> None:
    ws.set_smtp(mail_server.port, mail_server.ca_file)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: "not-it"})
    assert run.exit_code == 1
    assert "refused the login" in run.stderr and "not-it" not in run.output
    assert mail_server.inbox.messages == []
    assert ws.only_pdf().exists()


def test_unreachable_server_keeps_the_sheet(ws: Workspace) -> None:
    from .conftest import free_port

    ws.set_smtp(free_port(), None)
    run = ws.run(*details("--send"), env={PASSWORD_ENV: SMTP_PASSWORD})
    assert run.exit_code == 1
    assert "not sent: sending through 127.0.0.1" in run.stderr
    assert f"the sheet is kept at {ws.only_pdf()}" in run.stderr


def test_an_address_in_another_script_is_accepted_and_written_as_utf8(ws: Workspace) -> None:
    eml = ws.aftercare / "message.eml"
    address = "δοκιμή@παράδειγμα.δοκιμή"
    run = ws.run(
        "--clinic", "riverside", "--patient", "Jo B", "--email", address, "--eml", str(eml)
    )
    assert run.exit_code == 0, run.stderr
    assert f"To: {address}\r\n".encode() in eml.read_bytes()
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == address
