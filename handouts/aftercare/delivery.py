"""Deliver a sheet by email: a ready-to-send message (.eml) or SMTP with STARTTLS, never in clear.

The message is built from the clinic's templates (`templates/email/aftercare.txt` and `.html`,
which a clinic may override). Its subject and attachment name say nothing about health. Sending
refuses a server that does not offer STARTTLS and a certificate that does not verify, before
the password or the message leave this machine.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import jinja2

from handouts import guard, limits
from handouts.design.templates import clinic_environment
from handouts.errors import DeliveryError, Problem
from handouts.source.clinics import Clinic, Smtp

ATTACHMENT_NAME = "aftercare-sheet.pdf"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Letter:
    """What the email templates read."""

    clinic: Clinic
    patient_name: str
    encrypted: bool


def subject(clinic: Clinic) -> str:
    """Generic on purpose: a subject line is shown on lock screens and shared mailbox lists."""
    return f"Information from your visit to {clinic.name}"


def sender(clinic: Clinic) -> Address:
    address = (clinic.smtp and clinic.smtp.from_address) or clinic.contact.email
    username, domain = address.split("@", 1)
    return Address(display_name=clinic.name, username=username, domain=domain)


def compose(
    clinic: Clinic,
    to: str,
    patient_name: str,
    pdf: bytes,
    encrypted: bool,
    templates_dir: Path,
    now: dt.datetime | None = None,
) -> EmailMessage:
    """The message: plain text and HTML bodies in the clinic's voice, the PDF attached."""
    text, html = _bodies(Letter(clinic, patient_name, encrypted), clinic, templates_dir)
    # An address in another script (δοκιμή@παράδειγμα.δοκιμή) travels as UTF-8 (SMTPUTF8,
    # RFC 6531); an ASCII one exactly as before.
    message = EmailMessage(policy=policy.default if to.isascii() else policy.SMTPUTF8)
    from_address = sender(clinic)
    message["From"] = from_address
    message["To"] = to
    message["Subject"] = subject(clinic)
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC).astimezone())
    message["Message-ID"] = make_msgid(domain=from_address.domain)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=ATTACHMENT_NAME)
    return message


def _bodies(letter: Letter, clinic: Clinic, templates_dir: Path) -> tuple[str, str]:
    env = clinic_environment(clinic, templates_dir)
    context = {"letter": letter, "clinic": clinic}
    try:
        return (
            env.get_template("email/aftercare.txt").render(context),
            env.get_template("email/aftercare.html").render(context),
        )
    except jinja2.TemplateError as exc:
        raise DeliveryError(
            Problem(f"email template error: {exc.message or exc}", field=f"email for {clinic.id}")
        ) from None


def message_bytes(message: EmailMessage) -> bytes:
    """The message as sent over SMTP (CRLF line ends), also the content of a .eml file."""

    utf8 = message.policy.utf8  # type: ignore[attr-defined]
    return message.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


def check_ready(clinic: Clinic, environ: Mapping[str, str] = os.environ) -> Smtp:
    """Everything --send needs, checked before a sheet is rendered or written."""
    settings = clinic.smtp
    if settings is None:
        raise DeliveryError(
            Problem(
                "this clinic has no smtp settings; add an smtp section to its file or use --eml",
                file=clinic.source,
                field="smtp",
            )
        )
    if not environ.get(settings.password_env):
        raise DeliveryError(
            Problem(
                f"the mail password is not set: put it in the environment variable "
                f"{settings.password_env} (it is never read from the clinic file)",
                file=clinic.source,
                field="smtp.password_env",
            )
        )
    return settings


def send(message: EmailMessage, settings: Smtp, environ: Mapping[str, str] = os.environ) -> None:
    """Send over SMTP: STARTTLS required, certificate and host name verified, then log in."""

    where = f"{settings.host}:{settings.port}"
    password = environ.get(settings.password_env, "")
    cadata = None
    if settings.ca_file:  # checked at load to be in the clinic's folder; read like any file
        cadata = guard.read_text(settings.ca_file, limits.CERTIFICATE, [settings.ca_file.parent])
    try:
        context = ssl.create_default_context(cadata=cadata)
    except ssl.SSLError as exc:
        raise DeliveryError(
            Problem(
                f"no CA certificate could be read from it ({exc.reason or exc})",
                field="smtp.ca_file",
            )
        ) from None
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    Problem(
                        f"the mail server {where} does not offer STARTTLS; refusing to send "
                        f"a patient's details unencrypted",
                        field="smtp",
                    )
                )
            smtp.starttls(context=context)
            smtp.ehlo()
            smtp.login(settings.username, password)
            smtp.send_message(message)
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(
            Problem(
                f"the certificate of {where} could not be verified ({exc.verify_message}); "
                f"nothing was sent",
                field="smtp",
            )
        ) from None
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(
            Problem(
                f"{where} refused the login for {settings.username}; check the password in "
                f"{settings.password_env}",
                field="smtp",
            )
        ) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise DeliveryError(
            Problem(f"sending through {where} failed: {_reason(exc)}", field="smtp")
        ) from None


def _reason(exc: Exception) -> str:

    if isinstance(exc, smtplib.SMTPRecipientsRefused):  # its text holds the patient's address
        return "the server refused the recipient's address"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"the server answered {exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
