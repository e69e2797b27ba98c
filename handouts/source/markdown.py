"""Article Markdown to safe HTML: no raw HTML, citations numbered, images kept to the asset folders.

Citations are Pandoc style (`[@brady2014; @boyce2020]`) and become superscript numbers in
order of first appearance; the reference list is printed in that order (Vancouver style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup, escape

from handouts import limits
from handouts.errors import Collector, ContentError, Problem
from handouts.source.articles import CITATION, CITATION_KEY, Article

_SAFE_LINK_SCHEMES = {"https", "http", "mailto", "tel"}


@dataclass(frozen=True)
class RenderedBody:
    html: Markup
    cited: tuple[str, ...]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    match = CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": CITATION_KEY.findall(match.group(1))}
    state.pos = match.end()
    return True


def _render_citation(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    order: list[str] = env.setdefault("citations", [])
    numbers = []
    for key in tokens[idx].meta["keys"]:
        if key not in order:
            order.append(key)
        numbers.append(order.index(key) + 1)
    label = ",".join(str(n) for n in numbers)
    return f'<sup class="cite">[{escape(label)}]</sup>'


def _parser() -> MarkdownIt:
    # "html": False makes markdown-it escape any raw HTML in the article instead of passing it.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["replacements", "smartquotes"])
    md.disable(["lheading"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    # Let every link through the parser so that check_assets can refuse it with a line number,
    # instead of markdown-it quietly printing a bad link as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


def render_body(article: Article, asset_roots: tuple[Path, ...]) -> RenderedBody:
    """Turn the article body into HTML; refuse images outside the asset folders."""
    tokens = _MD.parse(article.body, {})
    errors = check_depth(article, tokens)
    errors.extend(check_assets(article, tokens, asset_roots).problems)
    errors.raise_if_any(ContentError)
    env: dict[str, Any] = {}
    html = _MD.renderer.render(tokens, _MD.options, env)
    html = _demote_headings(html)
    return RenderedBody(Markup(html), tuple(env.get("citations", [])))


def _demote_headings(html: str) -> str:
    """The leaflet title is the only h1; article headings start at h2."""
    return re.sub(r"<(/?)h1>", r"<\1h2>", html)


_NESTING = ("bullet_list", "ordered_list", "blockquote")


def check_depth(article: Article, tokens: list[Token]) -> Collector:
    """Lists and quotes at most `limits.MARKDOWN_DEPTH` inside each other. Deeper than about
    ten, markdown-it stops nesting and prints the rest as text without a word: refused here."""
    errors = Collector()
    depth = 0
    for token in tokens:
        if token.type.removesuffix("_open") in _NESTING and token.nesting == 1:
            depth += 1
            if depth > limits.MARKDOWN_DEPTH:
                line = article.body_line + (token.map[0] if token.map else 0)
                errors.add(
                    Problem(
                        f"lists and quotes are nested more than {limits.MARKDOWN_DEPTH} deep; "
                        "a leaflet reads better flat",
                        file=article.source,
                        line=line,
                        field="body",
                    )
                )
                break
        elif token.type.removesuffix("_close") in _NESTING and token.nesting == -1:
            depth -= 1
    return errors


def check_assets(article: Article, tokens: list[Token], roots: tuple[Path, ...]) -> Collector:
    """Images must be files in the asset folders; links may only go to the web, mail or phone."""
    errors = Collector()
    for block in tokens:
        for child in block.children or []:
            if child.type == "image":
                target = str(child.attrs.get("src", ""))
                reason = _refuse_image(target, article.source.parent, roots)
            elif child.type == "link_open":
                target = str(child.attrs.get("href", ""))
                reason = _refuse_link(target)
            else:
                continue
            if reason:
                line = article.body_line + (block.map[0] if block.map else 0)
                errors.add(
                    Problem(
                        f"{child.type.split('_')[0]} {target!r} refused: {reason}",
                        file=article.source,
                        line=line,
                        field="body",
                    )
                )
    return errors


def image_paths(article: Article) -> tuple[Path, ...]:
    """The local image files the article shows (whether or not they would be allowed)."""
    found = []
    for block in _MD.parse(article.body, {}):
        for child in block.children or []:
            if child.type != "image":
                continue
            parsed = urlparse(str(child.attrs.get("src", "")))
            if not (parsed.scheme or parsed.netloc):
                found.append((article.source.parent / unquote(parsed.path)).resolve())
    return tuple(dict.fromkeys(found))


def _refuse_link(href: str) -> str | None:
    scheme = urlparse(href).scheme.lower()
    if scheme in _SAFE_LINK_SCHEMES:
        return None
    return "links may only point to https, http, mailto or tel addresses"


def _refuse_image(src: str, folder: Path, roots: tuple[Path, ...]) -> str | None:
    parsed = urlparse(src)
    if parsed.scheme or parsed.netloc:
        return "only image files in the article's folder may be used, not web or file URLs"
    path = (folder / unquote(parsed.path)).resolve()
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        return "it is outside the project's asset folders"
    if not path.is_file():
        return "file not found"
    return None
