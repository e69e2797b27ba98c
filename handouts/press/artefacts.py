"""Decorative icons as artefacts in tagged (PDF/UA) files.

WeasyPrint tags every image as a Figure, which PDF/UA requires to carry alternative text. An
icon beside words that say the same ("Phone", a tick before a key point) is decorative: its
`alt` is empty, and here its marked content becomes /Artifact and its Figure leaves the
structure tree, so a screen reader skips it instead of announcing an unnamed figure.
"""

from __future__ import annotations

from typing import Any

import pydyf


def decorative_artefacts(document: Any, pdf: pydyf.PDF) -> None:
    """Figures without alternative text become artefacts (tagged files only)."""
    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:
        return
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}
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
        page = by_number[_number(element["Pg"])]
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


def _number(reference: Any) -> int | None:
    if reference is None:
        return None
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    head = text.split()
    return int(head[0]) if head and head[0].isdigit() else None
