"""Reproducible PDFs: the same inputs give the same bytes, whenever and wherever they are built.

WeasyPrint's output is already deterministic for a given HTML and stylesheet set (font subset
tags are derived from the glyphs used, objects are written in a fixed order). What would vary
is what we choose to stamp on the file, so we choose it from the inputs, never from the clock:

- the creation and modification dates come from `SOURCE_DATE_EPOCH` when it is set (the
  reproducible-builds.org convention), otherwise from the article's own `reviewed` date;
- the document identifier (the first half of the trailer's /ID) is derived from the digest of
  everything the document was built from, so a rebuild of unchanged inputs keeps its ID, and so
  is the XMP document ID that WeasyPrint otherwise draws at random for PDF/X-4 (press) files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pydyf

from handouts.errors import HandoutsError, Problem
from handouts.source.articles import Article

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")


@dataclass(frozen=True)
class Stamp:
    """What a PDF carries that is not its content: its dates and its identifier."""

    created: str  # W3C date-time, e.g. 2026-11-20T00:00:00Z
    identifier: bytes  # 32 hex digits

    def apply(self, document: Any) -> None:
        """Date a laid-out WeasyPrint document: /CreationDate, /ModDate and the XMP dates."""
        document.metadata.created = document.metadata.modified = self.created

    def finish(self, document: Any, pdf: pydyf.PDF) -> None:
        """A finisher: the XMP document ID (PDF/X-4 files have one) from our identifier."""
        reference = pdf.catalog.get("Metadata")
        if not reference:
            return
        stream = pdf.objects[int(bytes(reference).split()[0])]
        stable = f"xmp.did:{uuid.UUID(hex=self.identifier.decode())}".encode()
        stream.stream = [
            XMP_DOCUMENT_ID.sub(stable, chunk) if isinstance(chunk, bytes) else chunk
            for chunk in stream.stream
        ]


def source_date_epoch() -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` as a UTC time, or None when it is not set."""
    value = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise HandoutsError(
            Problem(
                f"expected a number of seconds since 1970-01-01, got {value!r}",
                field=EPOCH_VARIABLE,
            )
        ) from None


def creation_date(article: Article, epoch: dt.datetime | None) -> str:
    """The date a PDF says it was made: the build's epoch, else the article's review date."""
    when = epoch or dt.datetime.combine(article.reviewed, dt.time(), dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def document_identifier(digest: str) -> bytes:
    """A stable /ID from the digest of the document's inputs."""
    return hashlib.sha256(digest.encode("ascii")).hexdigest()[:32].encode("ascii")


def stamp(article: Article, digest: str, created: str | None = None) -> Stamp:
    """The stamp for a document: `created` if the build decided it, else worked out now."""
    return Stamp(
        created or creation_date(article, source_date_epoch()), document_identifier(digest)
    )
