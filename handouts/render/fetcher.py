"""The only way WeasyPrint reads anything: local files under the asset folders, font packages and
installed ICC profiles, plus files handouts itself derived from those (a logo in CMYK).

No network, no `file:` URL outside the allowed folders, no data URLs that could smuggle content.
A refused URL stops the render (WeasyPrint would otherwise warn and carry on without it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from handouts import guard, limits
from handouts.design.branding import DERIVED
from handouts.design.colours import profile_roots
from handouts.source.fonts import font_roots

_KINDS = {
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"), limits.IMAGE),
    **dict.fromkeys((".ttf", ".otf", ".woff", ".woff2"), limits.FONT),
    **dict.fromkeys((".icc", ".icm"), limits.ICC_PROFILE),
    ".css": limits.STYLESHEET,
}


class RefusedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint; the renderer turns it into a FetchRefused user error."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class SafeFetcher(URLFetcher):
    """Serve `file:` URLs below `roots` (plus fonts and ICC profiles); refuse all else."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in (*roots, *font_roots(), *profile_roots()))
        # The files read since the renderer was made (a file is read once, then served from
        # the renderer's caches, even to a second layout of the same document: the test of the
        # incremental build's key reads them), and the bytes handouts made from allowed files
        # (by URL) for the document being rendered only.
        self.fetched: set[Path] = set()
        self.derived: dict[str, bytes] = {}
        # sha256 of each file read, by its file URL (images are named after their bytes).
        self.digests: dict[str, str] = {}

    def begin(self, derived: dict[str, bytes]) -> None:
        """A new document or layout: serve this one's derived bytes."""
        self.derived = derived

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(DERIVED):
            if url not in self.derived:
                raise RefusedURL(url, "not made for this document")
            kind = "image/svg+xml" if url.endswith(".svg") else "application/octet-stream"
            return URLFetcherResponse(url, body=self.derived[url], headers={"Content-Type": kind})
        path = self.allowed_path(url)
        self.fetched.add(path)
        body = self.read(path, url)
        self.digests[path.as_uri()] = hashlib.sha256(body).hexdigest()
        return URLFetcherResponse(path.as_uri(), body=body)

    def read(self, path: Path, url: str) -> bytes:
        """The file's bytes through the guarded reader; a raster image's size is checked too."""
        kind = _KINDS.get(path.suffix.lower(), limits.ASSET)
        try:
            body = guard.read_bytes(path, kind, self.roots)
            if kind is limits.IMAGE and path.suffix.lower() != ".svg":
                guard.image(body, path).close()  # the header only: no pixel is decoded
        except guard.Refused as exc:
            raise RefusedURL(url, exc.problems[0].message) from None
        return body

    def allowed_path(self, url: str) -> Path:
        parsed = urlparse(url)
        if parsed.scheme.lower() != "file":
            raise RefusedURL(url, "only files in the project's asset folders may be read")
        if parsed.netloc not in ("", "localhost"):
            raise RefusedURL(url, "file URLs on other hosts are not allowed")
        path = Path(url2pathname(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL(url, "outside the project's asset folders and font packages")
        if not path.is_file():
            raise RefusedURL(url, "file not found")
        return path
