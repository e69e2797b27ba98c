"""An article as a patient reads it: plain-text headings, paragraphs and list items, with lines.

Citations `[@key]` and Markdown syntax are stripped; each heading and list item is a sentence of
its own. The front matter's printed text (title, summary, key points, red-flag box) comes first,
as on the leaflet, located at its line in the front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from handouts import guard, limits
from handouts.source.articles import CITATION, Article, split_front_matter
from handouts.source.yamlfile import Located, dotted, load_text

_MD = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Block:
    """One unit of printed text."""

    kind: str  # "title", "summary", "key point", "box", "heading", "paragraph", "item"
    text: str  # plain text: no Markdown, no citations
    line: int | None
    field: str  # "body", "summary", "key_points[0]", ...
    cited: bool = False  # held a [@citation]
    level: int = 0  # heading level (1-6)
    ordered: bool = False  # an item of a numbered list
    list_id: int = -1  # items of the same list share this


@dataclass(frozen=True)
class Section:
    """A body heading and the blocks under it (the first section may have no heading)."""

    heading: Block | None
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.blocks)


def front_matter(source: Path) -> Located:
    """The article's front matter again, for the line of each field."""
    return _front_matter(guard.read_text(source, limits.ARTICLE, [source.parent]), source)


@lru_cache(maxsize=64)
def _front_matter(text: str, source: Path) -> Located:
    # Five rules ask for each article's lines, and `handouts build` runs them every time:
    # parse each text once.
    front, _, _ = split_front_matter(text, source)
    return load_text(front, source, line_offset=1)


def blocks(article: Article) -> list[Block]:
    """Everything the leaflet prints from the article, in reading order (references excepted)."""
    return [*front_blocks(article), *body_blocks(article)]


def front_blocks(article: Article) -> list[Block]:
    located = front_matter(article.source)

    def block(kind: str, text: str, *path: str | int) -> Block:
        return Block(kind, plain(text), located.line_of(path), dotted(path) or "")

    found = [block("title", article.title, "title"), block("summary", article.summary, "summary")]
    found += [block("key point", p, "key_points", i) for i, p in enumerate(article.key_points)]
    if article.get_help:
        for part in ("urgent", "soon"):
            help_list = getattr(article.get_help, part)
            found.append(block("box", help_list.title, "get_help", part, "title"))
            found += [
                block("box", item, "get_help", part, "items", i)
                for i, item in enumerate(help_list.items)
            ]
            if help_list.note:
                found.append(block("box", help_list.note, "get_help", part, "note"))
    return found


def body_blocks(article: Article) -> list[Block]:
    """Headings, paragraphs and list items of the Markdown body."""
    tokens = _MD.parse(article.body)
    found: list[Block] = []
    lists: list[tuple[bool, int]] = []  # (ordered, id) of the lists we are inside
    next_list = 0
    heading_level = 0
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token.type == "ordered_list_open", next_list))
            next_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline":
            found.append(_block(article, tokens[index - 1], token, heading_level, lists))
            heading_level = 0
    return [b for b in found if b.text]


def _block(
    article: Article, opener: Token, inline: Token, level: int, lists: list[tuple[bool, int]]
) -> Block:
    line = article.body_line + (opener.map[0] if opener.map else 0)
    raw = inline.content
    if opener.type == "heading_open":
        kind = "heading"
    elif lists:
        kind = "item"
    else:
        kind = "paragraph"
    ordered, list_id = lists[-1] if lists else (False, -1)
    return Block(
        kind,
        plain(raw),
        line,
        "body",
        cited=bool(CITATION.search(raw)),
        level=level,
        ordered=ordered and kind == "item",
        list_id=list_id if kind == "item" else -1,
    )


def plain(markdown: str) -> str:
    """Inline Markdown to the words a reader sees."""
    text = CITATION.sub("", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)  # emphasis and code marks
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text).strip()


def sections(article: Article) -> list[Section]:
    """The body split at its headings."""
    result: list[Section] = []
    heading: Block | None = None
    current: list[Block] = []
    for block in body_blocks(article):
        if block.kind == "heading":
            if heading is not None or current:
                result.append(Section(heading, tuple(current)))
            heading, current = block, []
        else:
            current.append(block)
    if heading is not None or current:
        result.append(Section(heading, tuple(current)))
    return result


# Full stops that do not end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|St|approx|No|al|cf|Fig|min|max)\.", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split plain text into sentences at . ! ? followed by a capital or a digit."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), text)
    protected = re.sub(r"(?<=\d)\.(?=\d)", "\0", protected)  # 1.5
    parts = _SENTENCE_END.split(protected)
    return [p.replace("\0", ".").strip() for p in parts if p.strip()]


_WORD = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z][A-Za-z'’-]*")


def words(text: str) -> list[str]:
    """Words and numbers, without punctuation; hyphenated words count once."""
    return [w.rstrip("-'’,") for w in _WORD.findall(text)]


def sentence_of_blocks(items: list[Block]) -> list[tuple[Block, str]]:
    """Every sentence with the block it stands in (headings and items are sentences)."""
    return [(b, s) for b in items for s in sentences(b.text)]
