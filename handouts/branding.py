"""Merge branding: one article, one clinic and one layout become everything a template needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import segno
from babel.dates import format_date
from markupsafe import Markup

from handouts.clinics import Clinic
from handouts.content import Article, Reference
from handouts.fonts import font_face_css
from handouts.layouts import PAPER_NAMES, Layout
from handouts.markdown import render_body


@dataclass(frozen=True)
class Leaflet:
    """Everything one document is made from; templates see it as `leaflet`."""

    article: Article
    clinic: Clinic
    layout: Layout
    body: Markup
    references: tuple[Reference, ...]
    lang: str
    qr_svg: Markup
    brand_css: str

    @property
    def paper_name(self) -> str:
        return PAPER_NAMES[self.clinic.paper]

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.clinic.locale.replace("-", "_"))

    @property
    def logo_uri(self) -> str:
        return self.clinic.logo.as_uri()

    @property
    def base_url(self) -> str:
        """Relative URLs in the article (its images) resolve against its own folder."""
        return self.article.source.parent.as_uri() + "/"

    def template_context(self) -> dict[str, Any]:
        return {
            "leaflet": self,
            "article": self.article,
            "clinic": self.clinic,
            "layout": self.layout,
        }


def merge(
    article: Article, clinic: Clinic, layout: Layout, asset_roots: tuple[Path, ...]
) -> Leaflet:
    rendered = render_body(article, asset_roots)
    by_id = {ref.id: ref for ref in article.references}
    return Leaflet(
        article=article,
        clinic=clinic,
        layout=layout,
        body=rendered.html,
        references=tuple(by_id[key] for key in rendered.cited),
        lang=document_language(article.language, clinic.locale),
        qr_svg=qr_code(clinic.booking_url),
        brand_css=brand_css(clinic, layout),
    )


def document_language(article_language: str, clinic_locale: str) -> str:
    """Use the clinic's regional tag when the article is in the clinic's language."""
    if clinic_locale.split("-")[0] == article_language.split("-")[0]:
        return clinic_locale
    return article_language


@cache
def qr_code(url: str) -> Markup:
    """The booking URL as an inline SVG QR code (error correction M survives a coffee stain)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=0, dark="#000000", omitsize=True)
    return Markup(svg)


def brand_css(clinic: Clinic, layout: Layout) -> str:
    """Brand colours, fonts and page geometry as CSS custom properties and @font-face rules.

    Every value was validated (hex colours, installed font names), so nothing here can
    break out of its declaration.
    """
    variables = {
        "brand-primary": clinic.colors.primary,
        "brand-accent": clinic.colors.accent,
        "brand-text": clinic.colors.text,
        "brand-background": clinic.colors.background,
        "brand-on-primary": clinic.colors.on_primary,
        "brand-primary-tint": tint(clinic.colors.primary, 0.10),
        "brand-accent-tint": tint(clinic.colors.accent, 0.18),
        "font-body": f'"{clinic.fonts.body}"',
        "font-headings": f'"{clinic.fonts.headings}"',
        **layout.variables(clinic.paper),
    }
    declarations = "\n".join(f"  --{name}: {value};" for name, value in variables.items())
    return (
        f"{font_face_css([clinic.fonts.body, clinic.fonts.headings])}\n"
        f"{layout.page_css(clinic.paper)}"
        f":root {{\n{declarations}\n}}\n"
    )


def tint(hex_color: str, strength: float) -> str:
    """The colour laid at `strength` over white paper, for panel backgrounds."""
    channels = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * strength) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)
