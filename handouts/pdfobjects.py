"""PDF objects after layout: pictures drawn once and shared, decorative icons as artefacts.

WeasyPrint draws each use of an SVG image into a form XObject of its own, so an icon used ten
times is stored ten times. `share_forms` keeps the first of identical forms and points every
use at it (the copies are emptied). In tagged (PDF/UA) files WeasyPrint tags every image as a
Figure; a decorative icon (`alt=""`) must be an artefact instead, which `decorative_artefacts`
does: its marked content becomes /Artifact and its Figure leaves the structure tree.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pydyf

# The one message WeasyPrint logs for an image without alternative text; an icon with alt=""
# is decorative on purpose and becomes an artefact below.
_NO_ALT = 'Image "%s" has no required alt description'


class DecorativeImages(logging.Filter):
    """Keeps WeasyPrint from complaining about images that are decorative on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _NO_ALT


def share_forms(document: Any, pdf: pydyf.PDF) -> None:
    """Point every use of identical form XObjects at one of them; empty the others."""
    resources = _page_resources(pdf)
    if resources is None:
        return
    xobjects = resources.get("XObject") or {}
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}
    first: dict[str, bytes] = {}
    for name, reference in list(xobjects.items()):
        obj = by_number.get(_number(reference))
        if not isinstance(obj, pydyf.Stream) or obj.extra.get("Subtype") != "/Form":
            continue
        key = _form_key(obj, by_number)
        if key in first:
            xobjects[name] = first[key]
            obj.stream, obj.extra = [], pydyf.Dictionary({})
        else:
            first[key] = reference


def decorative_artefacts(document: Any, pdf: pydyf.PDF) -> None:
    """Figures without alternative text become artefacts (tagged files only)."""
    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:
        return
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}
    pages = {bytes(ref): index for index, ref in enumerate(pdf.page_references)}
    decorative = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary)
        and obj.get("S") == "/Figure"
        and "Alt" not in obj
        and obj.get("Type") == "/StructElem"
    ]
    for element in decorative:
        mcids = [k for k in element["K"] if isinstance(k, int)]
        page = by_number[_number(pdf.page_references[pages[bytes(element["Pg"])]])]
        stream = by_number[_number(page["Contents"])]
        for mcid in mcids:
            _unmark(stream, mcid)
        parent = by_number[_number(element["P"])]
        parent["K"] = pydyf.Array(k for k in parent["K"] if k != element.reference)


def _unmark(stream: pydyf.Stream, mcid: int) -> None:
    """`/Figure <</MCID n>> BDC` becomes `/Artifact BMC` in a page's content stream."""
    items = stream.stream
    for index in range(len(items) - 2):
        if (
            items[index] == "/Figure"
            and isinstance(items[index + 1], pydyf.Dictionary)
            and items[index + 1].get("MCID") == mcid
            and items[index + 2] == b"BDC"
        ):
            items[index : index + 3] = ["/Artifact", b"BMC"]
            return


def _page_resources(pdf: pydyf.PDF) -> Any:
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}
    if not pdf.page_references:
        return None
    page = by_number[_number(pdf.page_references[0])]
    return by_number.get(_number(page["Resources"]))


def _form_key(form: pydyf.Stream, by_number: dict[int, Any]) -> bytes:
    """What a form draws: its content, box and resources, whatever object numbers they have."""
    return hashlib.sha256(_canonical(form, by_number, 0)).digest()


def _canonical(value: Any, by_number: dict[int, Any], depth: int) -> bytes:
    """A value with every indirect reference replaced by what it points to."""
    if depth > 8:
        return b"?"
    if isinstance(value, pydyf.Stream):
        content = b" ".join(_canonical(item, by_number, depth + 1) for item in value.stream)
        return b"stream(" + content + _canonical(value.extra, by_number, depth + 1) + b")"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return b"{" + b",".join(
            str(k).encode() + b":" + _canonical(v, by_number, depth + 1) for k, v in items
        ) + b"}"
    if isinstance(value, list | tuple):
        return b"[" + b",".join(_canonical(v, by_number, depth + 1) for v in value) + b"]"
    number = _number(value) if _is_reference(value) else None
    if number is not None and number in by_number:
        return _canonical(by_number[number], by_number, depth + 1)
    return _bytes(value)


def _is_reference(value: Any) -> bool:
    text = value.decode(errors="replace") if isinstance(value, bytes) else value
    return isinstance(text, str) and text.endswith(" R") and len(text.split()) == 3


def _bytes(item: Any) -> bytes:
    return item if isinstance(item, bytes) else str(item).encode()


def _number(reference: Any) -> int | None:
    if reference is None:
        return None
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    head = text.split()
    return int(head[0]) if head and head[0].isdigit() else None
