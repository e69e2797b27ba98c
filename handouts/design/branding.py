"""Merge branding: one article, one clinic and one layout become everything a template needs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import segno
from babel.dates import format_date
from markupsafe import Markup

from handouts import guard, limits
from handouts.design.colours import SAFETY, raster_to_cmyk_jpeg, recolour_svg
from handouts.design.layouts import Geometry, Layout
from handouts.design.pictures import (
    Picture,
    find_asset,
    icon_lists,
    logo_ratio,
    recolour,
    svg_title,
    tint_icon,
)
from handouts.design.profiles import PROFILES, Output, output_for
from handouts.design.typeset import mark_last_paragraph, mark_short_lists, ties_html
from handouts.design.vocabulary import Vocabulary
from handouts.errors import ContentError, HandoutsError, Problem
from handouts.source.articles import Article, Reference
from handouts.source.clinics import Clinic
from handouts.source.fonts import font_face_css
from handouts.source.markdown import render_body

# URLs of files handouts derives for one document (a QR code, a logo in CMYK), which the
# fetcher (render/fetcher.py) serves from `Leaflet.derived` and nowhere else.
DERIVED = "handouts-derived:"


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
    qr_uri: str
    qr_opens: str  # "booking", or "leaflet" on a poster whose clinic chose `qr: leaflet`
    qr_target: str
    brand_css: str
    output: Output
    logo_uri: str
    geometry: Geometry
    derived: dict[str, bytes] = field(default_factory=dict)  # files made for this document
    illustration: Picture | None = None
    asset_roots: tuple[Path, ...] = ()

    def date(self, value: dt.date) -> str:
        """The date in the clinic's locale, in one piece: its words never part at a line end
        ("November / 30, 2027")."""
        text = format_date(value, format="long", locale=self.clinic.locale.replace("-", "_"))
        return text.replace(" ", "\u00a0")

    @property
    def base_url(self) -> str:
        """Relative URLs in the article (its images) resolve against its own folder."""
        return self.article.source.parent.as_uri() + "/"

    def icon(self, name: str, tone: str = "primary") -> str:
        """The URL of an icon (styles/icons/<name>.svg) painted in one of the clinic's colours.

        Each icon and tone is one derived file per document: every use of it is the same image.
        """
        uri = f"{DERIVED}{self.clinic.id}-{self.output.profile.name}-icon-{name}-{tone}.svg"
        if uri not in self.derived:
            path = find_asset(self.asset_roots, "icons", name)
            if path is None:
                raise HandoutsError(
                    Problem(f"no icon named {name!r} in styles/icons", field="icon")
                )
            colour = self.output.tone(tone)
            svg = guard.read_text(path, limits.IMAGE, self.asset_roots, "icon")
            self.derived[uri] = tint_icon(svg, colour).encode()
        return uri

    def typeset_body(self, vocabulary: Vocabulary) -> Markup:
        """The article body in the locale's spelling, tied, short lists and the closing paragraph
        marked, tips with icons."""
        html = mark_last_paragraph(mark_short_lists(ties_html(vocabulary.localise_html(self.body))))
        return icon_lists(html, vocabulary.icon_for, self.icon)

    def template_context(self, vocabulary: Vocabulary) -> dict[str, Any]:
        """What templates see: the article in the clinic's locale, its words, the tied body."""
        return {
            "leaflet": self,
            "article": vocabulary.article(self.article),
            "body": self.typeset_body(vocabulary),
            "words": vocabulary.words,
            "clinic": self.clinic,
            "layout": self.layout,
        }


def merge(
    article: Article,
    clinic: Clinic,
    layout: Layout,
    asset_roots: tuple[Path, ...],
    output: Output | None = None,
    body_pt: float | None = None,
    geometry: Geometry | None = None,
) -> Leaflet:
    """One document's parts; `output` is the profile settled for this clinic (office if None),
    `geometry` its pages (the layout's on the clinic's paper if None)."""
    output = output or output_for(PROFILES["office"], clinic)
    geometry = geometry or layout.geometry(clinic.paper)
    rendered = render_body(article, asset_roots)
    by_id = {ref.id: ref for ref in article.references}
    logo_uri, derived = logo_for(clinic, output)
    qr_opens, qr_target = qr_choice(article, clinic, layout)
    qr_svg = qr_code(qr_target, SAFETY["ink"].css(output.cmyk))
    # The QR code is served as an SVG file so that the <img> can carry alternative text, which
    # tagged (PDF/UA) files need for every figure.
    qr_uri = f"{DERIVED}{clinic.id}-{qr_opens}-qr.svg"
    derived[qr_uri] = (
        str(qr_svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).encode()
    )
    illustration = illustration_for(article, clinic, output, asset_roots, derived)
    return Leaflet(
        article=article,
        clinic=clinic,
        layout=layout,
        body=rendered.html,
        references=tuple(by_id[key] for key in rendered.cited),
        lang=document_language(article.language, clinic.locale),
        qr_svg=qr_svg,
        qr_uri=qr_uri,
        qr_opens=qr_opens,
        qr_target=qr_target,
        brand_css=brand_css(clinic, geometry, output, body_pt or layout.body_pt),
        output=output,
        logo_uri=logo_uri,
        geometry=geometry,
        derived=derived,
        illustration=illustration,
        asset_roots=asset_roots,
    )


def illustration_for(
    article: Article,
    clinic: Clinic,
    output: Output,
    asset_roots: tuple[Path, ...],
    derived: dict[str, bytes],
) -> Picture | None:
    """The article's illustration in the clinic's palette, served as a derived SVG file.

    Its alternative text is the picture's own <title>: it travels with the drawing.
    """
    if article.illustration is None:
        return None
    name = article.illustration.removesuffix(".svg")
    path = find_asset(asset_roots, "illustrations", name)
    if path is None:
        raise ContentError(
            Problem(
                f"no illustration {article.illustration} in styles/illustrations",
                file=article.source,
                field="illustration",
            )
        )
    svg = guard.read_text(path, limits.IMAGE, asset_roots, "illustration")
    colours = {role: output.colour(role) for role in ("primary", "accent", "text", "background")}
    uri = f"{DERIVED}{clinic.id}-{output.profile.name}-{name}.svg"
    svg = recolour(svg, colours)
    if output.cmyk:
        # Shapes without a fill of their own are filled black by SVG's default, which would be
        # an RGB colour in a CMYK file: make the default one-plate black.
        svg = re.sub(r"<svg\b", f'<svg fill="{SAFETY["ink"].css(True)}"', svg, count=1)
    derived[uri] = svg.encode()
    return Picture(uri, svg_title(svg) or article.title)


def qr_choice(article: Article, clinic: Clinic, layout: Layout) -> tuple[str, str]:
    """What the QR code opens: booking, except where the layout lets the clinic choose the
    leaflet (the poster) and it did."""
    if layout.qr_may_open_leaflet and clinic.qr == "leaflet" and clinic.leaflet_url:
        return "leaflet", clinic.leaflet_url.replace("{article}", article.id)
    return "booking", clinic.booking_url


def logo_for(clinic: Clinic, output: Output) -> tuple[str, dict[str, bytes]]:
    """The logo as the document should read it: the file itself, or a CMYK copy for the press.

    The copy is made from bytes read through the guarded reader, like every other file: the
    logo must really be in the clinic's folder (a link out of it is refused).
    """
    if not output.cmyk or output.icc is None:
        return clinic.logo.as_uri(), {}
    logo = guard.read_bytes(clinic.logo, limits.IMAGE, [clinic.source.parent], "logo")
    if clinic.logo.suffix.lower() == ".svg":
        svg = recolour_svg(guard.decode(logo, clinic.logo, "logo"), output.swatches_by_hex())
        body, name = svg.encode(), f"{clinic.id}-logo-cmyk.svg"
    else:
        icc = guard.read_bytes(output.icc, limits.ICC_PROFILE, output.icc_roots(), "icc_profile")
        body = raster_to_cmyk_jpeg(guard.image(logo, clinic.logo, "logo"), icc)
        name = f"{clinic.id}-logo-cmyk.jpg"
    return DERIVED + name, {DERIVED + name: body}


def document_language(article_language: str, clinic_locale: str) -> str:
    """Use the clinic's regional tag when the article is in the clinic's language."""
    if clinic_locale.split("-")[0] == article_language.split("-")[0]:
        return clinic_locale
    return article_language


@cache
def qr_code(url: str, dark: str = "#000000") -> Markup:
    """The booking URL as an inline SVG QR code (error correction M survives a coffee stain)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=0, dark="#000000", omitsize=True)
    # segno draws the modules as stroked lines; with no fill, nothing paints in the default
    # (RGB) black. segno knows only RGB colours: the press gets 100 % black ink instead.
    svg = svg.replace("<path ", '<path fill="none" ', 1)
    svg = svg.replace('"#000"', f'"{dark}"').replace('"#000000"', f'"{dark}"')
    return Markup(svg)


def brand_css(
    clinic: Clinic, geometry: Geometry, output: Output | None = None, body_pt: float | None = None
) -> str:
    """Brand colours, fonts, type size and page geometry as CSS custom properties.

    Every value was validated (hex colours, CMYK numbers, installed font names), so nothing
    here can break out of its declaration. Without `output`, the office profile's (sRGB hex).
    """
    output = output or output_for(PROFILES["office"], clinic)
    body_pt = body_pt or geometry.layout.body_pt
    variables = {
        **output.colour_variables(),
        "font-body": f'"{clinic.fonts.body}"',
        "font-headings": f'"{clinic.fonts.headings}"',
        "body-size": f"{body_pt:g}pt",
        "logo-ratio": f"{logo_ratio(clinic.logo):.4f}",
        **geometry.variables(),
    }
    declarations = "\n".join(f"  --{name}: {value};" for name, value in variables.items())
    return (
        f"{font_face_css([clinic.fonts.body, clinic.fonts.headings])}\n"
        f"{geometry.page_css()}"
        f"{output.css()}"
        f":root {{\n{declarations}\n}}\n"
    )
