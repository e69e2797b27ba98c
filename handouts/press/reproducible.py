"""Reproducible PDFs: the same inputs give the same bytes, whenever and wherever they are built.

WeasyPrint's output is already deterministic for a given HTML and stylesheet set (font subset
tags are derived from the glyphs used, objects are written in a fixed order). What would vary
is what we choose to stamp on the file, so we choose it from the inputs, never from the clock:

- the creation and modification dates come from `SOURCE_DATE_EPOCH` when it is set (the
  reproducible-builds.org convention), otherwise from the article's own `reviewed` date;
- the document identifier (the first half of the trailer's /ID) is derived from the digest of
  everything the document was built from, so a rebuild of unchanged inputs keeps its ID, and so
  is the XMP document ID that WeasyPrint otherwise draws at random for PDF/X-4 (press) files
  (set in the XML tree WeasyPrint's metadata object generates, not by editing bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.etree import ElementTree

from handouts.errors import HandoutsError, Problem
from handouts.source.articles import Article

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


@dataclass(frozen=True)
class Stamp:
    """What a PDF carries that is not its content: its dates and its identifier."""

    created: str  # W3C date-time, e.g. 2026-11-20T00:00:00Z
    identifier: bytes  # 32 hex digits

    @property
    def xmp_document_id(self) -> str:
        return f"xmp.did:{uuid.UUID(hex=self.identifier.decode())}"

    def apply(self, document: Any) -> None:
        """Date a laid-out WeasyPrint document (/CreationDate, /ModDate and the XMP dates) and
        give its XMP packet our document ID (PDF/X-4 files have one)."""
        document.metadata.created = document.metadata.modified = self.created
        document.metadata.generate_rdf_metadata = partial(
            stable_rdf, document.metadata.generate_rdf_metadata, self.xmp_document_id
        )


XMP_MM = "{http://ns.adobe.com/xap/1.0/mm/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"


def edit_xmp(packet: bytes, edit: Callable[[ElementTree.Element], None]) -> bytes:
    """An XMP packet with its RDF tree edited: the xpacket wrapper around it is kept as it is."""
    start, end = packet.index(b"<rdf:RDF"), packet.rindex(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = ElementTree.fromstring(packet[start:end])
    edit(rdf)
    return packet[:start] + ElementTree.tostring(rdf, encoding="utf-8") + packet[end:]


def stable_rdf(
    generate: Callable[[str, int, str], bytes],
    document_id: str,
    variant: str,
    version: int,
    conformance: str,
) -> bytes:
    """WeasyPrint's XMP packet, its randomly drawn xmpMM:DocumentID replaced by ours."""
    rdf = ElementTree.fromstring(generate(variant, version, conformance))
    for element in rdf.iter(f"{XMP_MM}DocumentID"):
        element.text = document_id
    return ElementTree.tostring(rdf, encoding="utf-8")


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
