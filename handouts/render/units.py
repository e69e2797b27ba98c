"""Sheet units: put a page size's lengths into a stylesheet before WeasyPrint reads it.

The aftercare sheet writes its sizes in two units, `calc(9.5 * var(--u))` for type and
`calc(4 * var(--m))` for space, so that A5 is the same sheet scaled down. WeasyPrint resolves a
`var()` and its `calc()` again for every element a rule matches, which was about a fifth of a
desk preview; resolved once here, per page size, the rules hold plain lengths ("9.5pt").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)"
_PRODUCT = re.compile(rf"calc\(\s*({_NUMBER})\s*\*\s*({_NUMBER})(pt|mm|px|em)\s*\)")


def resolve_units(css: str, units: Mapping[str, str]) -> str:
    """`css` with each `var(--name)` of `units` replaced by its length, and every
    `calc(number * length)` that leaves folded into one length."""
    for name, length in units.items():
        css = css.replace(f"var({name})", length)
    return _PRODUCT.sub(_fold, css)


def _fold(match: re.Match[str]) -> str:
    value = round(float(match.group(1)) * float(match.group(2)), 4)
    return f"{value:g}{match.group(3)}"
