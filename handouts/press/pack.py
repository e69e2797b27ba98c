"""Pack: several leaflets in one PDF for the print shop, with a bookmark for each.

Press packs stay PDF/X-4: the output intent and XMP identification of the first file are
kept (every press file of one pack must use the same ICC profile). With `two_up`, A5 /
half-letter pages are stepped and repeated two to an A4 / Letter sheet with cut marks, so an
office printer and a guillotine make two copies per sheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.etree import ElementTree

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from handouts.design.layouts import SHEETS_MM
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.press.imposition import impose_two_up, page_as_form
from handouts.press.marks import MM
from handouts.press.reproducible import DC, RDF, edit_xmp


@dataclass(frozen=True)
class Piece:
    """One leaflet going into a pack."""

    pdf: bytes
    clinic: str  # the clinic's printed name, for the bookmark
    title: str  # "Dry needling: … (trifold, A4)"
    paper: str  # the clinic's paper family: a4 or letter
    half_sheet: bool  # pages are A5 / half-letter (may be stepped two-up)


def pack(pieces: list[Piece], title: str, two_up: bool = False, press: bool = False) -> bytes:
    """One PDF holding every piece, bookmarked by clinic and leaflet."""
    if not pieces:
        raise SelectionError(Problem("nothing to pack", field="pack"))
    if two_up and press:
        raise SelectionError(
            Problem(
                "--two-up is for office printing; a print shop imposes press files itself",
                field="--two-up",
            )
        )
    if two_up and not all(p.half_sheet for p in pieces):
        raise SelectionError(
            Problem("--two-up needs A5 / half-letter pages: use --layout a5", field="--two-up")
        )
    writer = PdfWriter()
    parents: dict[str, Any] = {}
    for piece in pieces:
        reader = PdfReader(io.BytesIO(piece.pdf))
        first = len(writer.pages)
        if two_up:
            add_two_up(writer, reader, piece.paper)
        else:
            writer.append(reader, import_outline=False)
        if piece.clinic not in parents:
            parents[piece.clinic] = writer.add_outline_item(title=piece.clinic, page_number=first)
        writer.add_outline_item(title=piece.title, page_number=first, parent=parents[piece.clinic])
    writer.add_metadata({"/Title": title, "/Creator": "handouts"})
    writer.page_mode = "/UseOutlines"
    if two_up:
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    if press:
        keep_press_identity(writer, PdfReader(io.BytesIO(pieces[0].pdf)), pieces, title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_two_up(writer: PdfWriter, reader: PdfReader, paper: str) -> None:
    """Each page of `reader` twice on a landscape sheet of the clinic's paper."""
    start = len(writer.pages)
    writer.append(reader, import_outline=False)
    pages = list(writer.pages)[start:]
    forms = [page_as_form(writer, page) for page in pages]
    writer_pages: Any = writer.pages  # typed as a Sequence, but pages can be deleted
    for _ in pages:
        del writer_pages[start]
    trim = reader.pages[0].trimbox
    short, long = SHEETS_MM[paper]["full"]
    sheet = (long * MM, short * MM)
    info: Any = reader.metadata or {}
    modified = str(info["/ModDate"]) if "/ModDate" in info else None
    impose_two_up(writer, forms, float(trim.width), float(trim.height), sheet, modified)


def keep_press_identity(
    writer: PdfWriter, first: PdfReader, pieces: list[Piece], title: str
) -> None:
    """Carry the PDF/X-4 output intent and XMP identification over to the pack."""
    intents = {
        _intent_profile(PdfReader(io.BytesIO(p.pdf))) for p in pieces
    }  # one ICC profile per pack: a press sheet has one output condition
    if len(intents) > 1:
        raise HandoutsError(
            Problem(
                "these press files use different ICC profiles; pack each clinic on its own",
                field="pack",
            )
        )
    root: Any = first.trailer["/Root"]
    catalog = writer._root_object  # pypdf exposes no setter for catalog entries
    catalog[NameObject("/OutputIntents")] = root["/OutputIntents"].clone(writer)
    metadata = root["/Metadata"].get_object()
    xmp = edit_xmp(metadata.get_data(), partial(_pack_identity, title))
    stream = metadata.clone(writer)
    stream.set_data(xmp)
    catalog[NameObject("/Metadata")] = stream.indirect_reference or writer._add_object(stream)
    info: Any = first.metadata or {}
    # Info must agree with the XMP packet: same producer and dates, and Trapped declared.
    writer.add_metadata(
        {k: str(info[k]) for k in ("/Producer", "/CreationDate", "/ModDate") if k in info}
    )
    writer_info: Any = writer._info  # pypdf has no setter for a name-valued Info entry
    writer_info.get_object()[NameObject("/Trapped")] = NameObject("/False")
    writer.pdf_header = first.pdf_header


def _intent_profile(reader: PdfReader) -> bytes:
    root: Any = reader.trailer["/Root"]
    intents = root.get("/OutputIntents")
    if not intents:
        raise HandoutsError(Problem("a press file without an output intent", field="pack"))
    return intents[0].get_object()["/DestOutputProfile"].get_object().get_data()


def _pack_identity(title: str, rdf: ElementTree.Element) -> None:
    """The pack's own title; the description was the first leaflet's, so it goes."""
    for li in rdf.iterfind(f"{RDF}Description/{DC}title/{RDF}Alt/{RDF}li"):
        li.text = title
    for description in rdf.findall(f"{RDF}Description"):
        if description.find(f"{DC}description") is not None:
            rdf.remove(description)
