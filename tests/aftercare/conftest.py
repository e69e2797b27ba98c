"""Fixtures for the aftercare tests: a private copy of the data, the CLI, PDF and SMTP helpers."""

from __future__ import annotations

import shutil
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest
import trustme
from typer.testing import CliRunner

from handouts.cli import app

REPO = Path(__file__).resolve().parents[2]
PASSWORD_ENV = "AFTERCARE_TEST_SMTP_PASSWORD"
SMTP_USER = "aftercare@riverside.test"
SMTP_PASSWORD = "s3cret-for-tests"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Workspace:
    root: Path
    data: Path
    out: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def aftercare(self) -> Path:
        return self.out / "aftercare"

    def run(self, *args: str, env: dict[str, str] | None = None) -> Run:
        runner = CliRunner()
        result = runner.invoke(
            app,
            ["aftercare", *args, "--data", str(self.data), "--out", str(self.out)],
            env={**self.env, **(env or {})},
            catch_exceptions=False,
        )
        return Run(result.exit_code, result.stdout, result.stderr)

    def written(self) -> list[Path]:
        """Every file under the output folder (hidden temporary files included)."""
        return sorted(p for p in self.out.rglob("*") if p.is_file()) if self.out.exists() else []

    def only_pdf(self) -> Path:
        files = self.written()
        assert len(files) == 1, files
        return files[0]

    def set_smtp(self, port: int, ca_file: Path | None, host: str = "127.0.0.1") -> None:
        """Point riverside's smtp section at a local test server."""
        clinic = self.data / "clinics" / "riverside.yaml"
        text = clinic.read_text(encoding="utf-8").split("\nsmtp:")[0]
        text += (
            f'\nsmtp:\n  host: "{host}"\n  port: {port}\n  username: "{SMTP_USER}"\n'
            f"  password_env: {PASSWORD_ENV}\n"
            f'  from_address: "aftercare@riverside.test"\n'
        )
        if ca_file is not None:
            shutil.copy(ca_file, clinic.parent / "test-ca.pem")
            text += "  ca_file: test-ca.pem\n"
        clinic.write_text(text, encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    return Workspace(tmp_path, data, tmp_path / "out")


def pdf_text(path: Path, password: str | None = None) -> str:
    """The text of every page, line breaks and runs of spaces made single spaces."""
    reader = pypdf.PdfReader(path)
    if password is not None:
        assert reader.decrypt(password)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def font_names(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Every font used on every page: its base name, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return found


# --- a real SMTP server on the loopback interface ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
                session.ssl is not None,
            )
        )
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login, auth_data.password))
            ok = (
                auth_data.login == SMTP_USER.encode()
                and auth_data.password == SMTP_PASSWORD.encode()
            )
            return AuthResult(success=ok, handled=False)  # handled=False: the server says 535
        return AuthResult(success=False, handled=False)


@dataclass
class MailServer:
    port: int
    inbox: Inbox
    ca_file: Path


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


def _serve(ca: trustme.CA | None, ca_file: Path) -> Iterator[MailServer]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    options: dict = {"authenticator": inbox.authenticate, "auth_require_tls": True}
    if ca is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        options.update(tls_context=context, require_starttls=True)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield MailServer(port, inbox, ca_file)
    finally:
        controller.stop()


@pytest.fixture
def mail_server(test_ca: tuple[trustme.CA, Path]) -> Iterator[MailServer]:
    """STARTTLS required, certificate from the test CA."""
    ca, ca_file = test_ca
    yield from _serve(ca, ca_file)


@pytest.fixture
def plain_mail_server(test_ca: tuple[trustme.CA, Path]) -> Iterator[MailServer]:
    """A server that offers no STARTTLS at all."""
    yield from _serve(None, test_ca[1])


@pytest.fixture
def stranger_mail_server(tmp_path: Path, test_ca: tuple[trustme.CA, Path]) -> Iterator[MailServer]:
    """STARTTLS with a certificate from a CA the client does not trust."""
    yield from _serve(trustme.CA(), test_ca[1])
