"""Protect a finished PDF with a password: AES-256 only (PDF 2.0 security handler, /V 5 /R 6).

RC4 and AES-128 are refused by construction: the algorithm is not a parameter.
"""

from __future__ import annotations

import io
import secrets

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions as Allow

from handouts.errors import HandoutsError, Problem

# Told to the patient over the phone or the counter: no 0/O, 1/l/I, in groups of four.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_LENGTH = 8
MAX_LENGTH = 100


def new_password(groups: int = 3) -> str:
    """A password easy to read aloud: three groups of four (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(groups))


def check_password(password: str) -> str:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH or password != password.strip():
        raise HandoutsError(
            Problem(
                f"must be {MIN_LENGTH} to {MAX_LENGTH} characters with no spaces at either end; "
                f"or leave it out and one is made for you",
                field="--password",
            )
        )
    if any(not c.isprintable() for c in password):
        raise HandoutsError(Problem("contains a control character", field="--password"))
    return password


# What whoever opens the sheet with its password may do: print it at full quality and extract
# its text, both for accessibility (bit 10) and for any purpose (bit 5, "copy"), which screen
# readers and read-aloud tools that do not look at bit 10 need; the password keeps the sheet
# private, it is not there to stop the patient copying their own instructions. Changing it,
# annotating, filling forms and reassembling pages are not allowed (P = 2580 as qpdf shows it).
ALLOWED = (
    Allow.PRINT | Allow.PRINT_TO_REPRESENTATION | Allow.EXTRACT | Allow.EXTRACT_TEXT_AND_GRAPHICS
)


def encrypt(pdf: bytes, password: str) -> bytes:
    """The same PDF, opened only with `password`; printing and reading out are allowed,
    changing it is not."""

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),  # nobody needs to change a patient's sheet
        algorithm="AES-256",
        permissions_flag=ALLOWED,
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
