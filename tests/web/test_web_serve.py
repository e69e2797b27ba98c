"""`handouts serve` itself: HTTPS with a certificate, or behind a TLS proxy; cookies then Secure."""

from __future__ import annotations

import ssl
import urllib.request
from pathlib import Path

import trustme

from .conftest import PASSWORD
from .live import add_user, start


def test_https_with_a_certificate(tmp_path: Path, project) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file = tmp_path / "desk.pem", tmp_path / "desk-key.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    client = ssl.create_default_context()
    ca.configure_trust(client)
    url = f"sqlite:///{tmp_path / 'state' / 'desk.db'}"
    add_user(project.data_dir, url, "sam", "practitioner", PASSWORD)
    desk = start(
        tmp_path,
        project.data_dir,
        url,
        {},
        renderers=1,
        args=("--tls-cert", str(cert_file), "--tls-key", str(key_file)),
        scheme="https",
        ssl_context=client,
    )
    try:
        with urllib.request.urlopen(desk.url + "/signin", context=client) as response:
            cookie = response.headers["set-cookie"]
            assert "Secure" in cookie and "HttpOnly" in cookie
            assert response.headers["strict-transport-security"] == "max-age=31536000"
    finally:
        desk.stop()
    assert "Aftercare desk on https://127.0.0.1" in desk.log.read_text()


def test_behind_a_proxy_cookies_are_secure(tmp_path: Path, project) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'desk.db'}"
    desk = start(tmp_path, project.data_dir, url, {}, renderers=1, args=("--behind-proxy",))
    try:
        request = urllib.request.Request(
            desk.url + "/signin", headers={"X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request) as response:
            assert "Secure" in response.headers["set-cookie"]
    finally:
        desk.stop()
