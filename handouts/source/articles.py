"""Articles: Markdown files with YAML front matter under `<library or data>/articles/<topic>/`."""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts import limits
from handouts.errors import Collector, ConfigError, ContentError, Problem
from handouts.source import schema
from handouts.source.schema import Context, Invalid, section, spec
from handouts.source.yamlfile import KEPT_PARSED, load_text, read_text

CITATION = re.compile(r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
CITATION_KEY = re.compile(r"@([\w:.-]+)")


def year(value: Any, ctx: Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
        raise Invalid(f"expected a four-digit year, got {schema.describe(value)}")
    return value


def https_url(value: Any, ctx: Context) -> str:
    """A web page cited: https only (a reader's browser should not be sent anywhere else)."""
    result = schema.url(value, ctx)
    if not result.startswith("https://"):
        raise Invalid(f"expected a web address starting with https://, got {result!r}")
    return result


@dataclass(frozen=True)
class Reference:
    id: str = spec(schema.text, "Key used in the text as [@id].")
    title: str = spec(schema.text, "Title of the work.")
    year: int = spec(year, "Year of publication.")
    authors: str | None = spec(schema.text, "Authors, Vancouver style.", default=None)
    organisation: str | None = spec(schema.text, "Organisation, when no authors.", default=None)
    journal: str | None = spec(schema.text, "Journal (abbreviated).", default=None)
    publisher: str | None = spec(schema.text, "Publisher, when not a journal.", default=None)
    volume: str | None = spec(schema.text, "Volume(issue).", default=None)
    pages: str | None = spec(schema.text, "Pages.", default=None)
    doi: str | None = spec(schema.text, "DOI, only when known.", default=None)
    pmid: str | None = spec(schema.text, "PubMed id, only when known.", default=None)
    url: str | None = spec(
        https_url, "Web page cited (https://…), for a work read online.", default=None
    )
    accessed: dt.date | None = spec(
        schema.date, "Day the web page was read (YYYY-MM-DD); needed with url.", default=None
    )

    def citation_text(self) -> str:
        """The reference as printed, Vancouver style."""
        who = (self.authors or self.organisation or "").rstrip(".")
        where = self.journal or self.publisher
        text = f"{who}. {self.title}. " + (f"{where}. " if where else "") + str(self.year)
        if self.volume:
            text += f";{self.volume}"
        if self.pages:
            text += f":{self.pages}"
        text += "."
        if self.doi:
            text += f" doi:{self.doi}"
        elif self.pmid:
            text += f" PMID {self.pmid}"
        if self.url:
            text += f" Available from: {self.url}"
            if self.accessed:
                text += f" (accessed {self.accessed.isoformat()})"
        return text


@dataclass(frozen=True)
class HelpList:
    title: str = spec(schema.max_length(60), "Heading of this part of the box.")
    items: tuple[str, ...] = spec(schema.list_of(schema.max_length(140)), "Symptoms, one each.")
    note: str | None = spec(schema.max_length(200), "Optional line under the list.", default=None)


@dataclass(frozen=True)
class GetHelp:
    urgent: HelpList = section(HelpList, "Symptoms that need emergency help now.")
    soon: HelpList = section(HelpList, "Symptoms to call the clinic or a doctor about.")


@dataclass(frozen=True)
class Poster:
    messages: tuple[str, ...] = spec(
        schema.list_of(schema.max_length(60), max_items=3),
        "One to three short messages (with `urgent`, two at most are printed).",
    )
    urgent: str | None = spec(
        schema.max_length(60),
        "Optional red-flag question, printed in the safety colours with the emergency number.",
        default=None,
    )


# Icons a self-care tip may carry (styles/icons/): things a reader does, never a warning.
TIP_ICONS = ("water", "walking", "rest", "heat", "cold", "clock", "calendar", "phone", "question")


@dataclass(frozen=True)
class Tip:
    icon: str = spec(schema.choice(*TIP_ICONS), "The icon beside it, from styles/icons/.")
    text: str = spec(schema.max_length(90), "One thing the reader can do, in a short sentence.")


@dataclass(frozen=True)
class SelfCare:
    items: tuple[Tip, ...] = spec(
        schema.records(Tip, min_items=1, max_items=4), "One to four tips, in the order to print."
    )
    note: str | None = spec(
        schema.max_length(90),
        "Optional line under the tips, e.g. that they are common advice, not proven treatments.",
        default=None,
    )


@dataclass(frozen=True)
class Article:
    title: str = spec(schema.max_length(70), "Title on the cover.")
    summary: str = spec(schema.max_length(200), "One or two sentences: what the leaflet is for.")
    topic: str = spec(schema.text, "Topic family, e.g. dry-needling.")
    language: str = spec(schema.locale, "Language of the text, e.g. en.")
    author: str = spec(schema.text, "Who wrote it.")
    reviewer: str = spec(schema.text, "Who reviewed it clinically.")
    reviewed: dt.date = spec(schema.date, "Date of the last review (YYYY-MM-DD).")
    next_review: dt.date = spec(schema.date, "Date of the next review (YYYY-MM-DD).")
    key_points: tuple[str, ...] = spec(
        schema.list_of(schema.max_length(120)),
        "Three to five short key points, main message first.",
    )
    warning_key_point: int | None = spec(
        schema.integer(1, 5),
        "Which key point is a warning (1 for the first): printed after a caution sign in the "
        "safety red, not a tick.",
        default=None,
    )
    references: tuple[Reference, ...] = spec(schema.records(Reference), "Works cited.", default=())
    get_help: GetHelp | None = section(GetHelp, "Red-flag box (safety, aftercare).", optional=True)
    illustration: str | None = spec(
        schema.svg_name,
        "The article's picture on covers, the poster and the flyer masthead: an SVG file in "
        "styles/illustrations/ drawn in the placeholder palette, e.g. dry-needling-safety.svg.",
        default=None,
    )
    questions: tuple[str, ...] = spec(
        schema.list_of(schema.max_length(100), max_items=4),
        "Up to four questions the reader may ask, printed above lines to write their own.",
        default=(),
    )
    poster: Poster | None = section(
        Poster, "What the poster says, read from two metres away.", optional=True
    )
    self_care: SelfCare | None = section(
        SelfCare,
        "Tips with icons printed on the aftercare sheet when it has room (aftercare articles).",
        optional=True,
    )
    reviewer_role: str | None = spec(
        schema.max_length(80),
        "The clinical reviewer's profession or role, printed after their name.",
        default=None,
    )
    kind: str | None = spec(
        schema.choice("benefits", "safety", "aftercare", "general"),
        "What the leaflet is for (checks differ); defaults to the file name "
        "when that is benefits, safety or aftercare.",
        default=None,
    )
    id: str = ""
    source: Path = Path()
    body: str = ""
    body_line: int = 1

    @property
    def leaflet_kind(self) -> str:
        """benefits, safety, aftercare or general: `kind`, else the file name, else general."""
        if self.kind:
            return self.kind
        stem = self.source.stem
        return stem if stem in ("benefits", "safety", "aftercare") else "general"

    @property
    def plain_key_points(self) -> tuple[str, ...]:
        """The key points but the warning (`warning_key_point`), which a page that carries the
        red-flag box beside them need not repeat."""
        return tuple(
            point
            for number, point in enumerate(self.key_points, start=1)
            if number != self.warning_key_point
        )

    def cited_keys(self) -> list[str]:
        """Citation keys in order of first appearance."""
        keys: list[str] = []
        for match in CITATION.finditer(self.body):
            for key in CITATION_KEY.findall(match.group(1)):
                if key not in keys:
                    keys.append(key)
        return keys


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ConfigError(
            Problem("must start with a '---' line opening the YAML front matter", file=path, line=1)
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise ConfigError(Problem("front matter is never closed by a '---' line", file=path, line=1))


def load_article(path: Path, article_id: str) -> Article:
    article = read_article(path, article_id)
    check_citations(article).raise_if_any(ContentError)
    return article


def read_article(path: Path, article_id: str, root: Path | None = None) -> Article:
    """Read and validate one article's front matter and body (citations are not checked).

    The file is read through the guarded reader: inside `root` (by default the articles folder
    above its topic folder), a regular file, at most `limits.ARTICLE` bytes, UTF-8 (a byte-order
    mark is dropped). The file is read every time; parsing it is not repeated while its text is
    the same (the desk reads the same article for every preview).
    """
    text = read_text(path, limits.ARTICLE, root or path.parent.parent)
    return _parse_article(text, path, article_id)


@functools.lru_cache(maxsize=KEPT_PARSED)
def _parse_article(text: str, path: Path, article_id: str) -> Article:
    front, body, body_line = split_front_matter(text, path)
    located = load_text(front, path, line_offset=1, strict=False)
    article, problems = schema.read(Article, located)
    if problems or article is None:
        raise ConfigError(problems)
    warning = article.warning_key_point
    if warning is not None and warning > len(article.key_points):
        count = len(article.key_points)
        raise ConfigError(
            [
                located.problem(
                    ("warning_key_point",),
                    f"is {warning}, more than the number of key points ({count})",
                )
            ]
        )
    return replace(article, id=article_id, source=path.resolve(), body=body, body_line=body_line)


def check_citations(article: Article) -> Collector:
    """Every [@key] in the body must name a reference in the front matter."""
    known = {ref.id for ref in article.references}
    errors = Collector()
    for offset, line in enumerate(article.body.splitlines()):
        for match in CITATION.finditer(line):
            for key in CITATION_KEY.findall(match.group(1)):
                if key not in known:
                    errors.add(
                        Problem(
                            f"cites [@{key}], which is not in the references list",
                            file=article.source,
                            line=article.body_line + offset,
                            field="body",
                        )
                    )
    return errors


def article_files(*folders: Path) -> dict[str, Path]:
    """Articles by id: `<topic folder>-<file stem>`, e.g. dry-needling-benefits.

    A later folder's file wins over an earlier one's with the same id (a project's own article
    overrides the shipped one)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*/*.md")):
            found[f"{path.parent.name}-{path.stem}"] = path
    return dict(sorted(found.items()))


def matches(article_id: str, patterns: list[str] | None) -> bool:
    if not patterns:
        return True
    stem = article_id.split("-")[-1]
    return any(p in (article_id, stem) or fnmatch.fnmatch(article_id, p) for p in patterns)


def load_articles(folders: tuple[Path, ...], wanted: list[str] | None = None) -> list[Article]:
    errors = Collector()
    articles = []
    for article_id, path in article_files(*folders).items():
        if not matches(article_id, wanted):
            continue
        try:
            articles.append(load_article(path, article_id))
        except ConfigError as exc:
            errors.extend(exc.problems)
        except ContentError as exc:
            errors.extend(exc.problems)
    errors.raise_if_any()
    return articles
