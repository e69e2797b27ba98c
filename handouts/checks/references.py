"""Rule 5, references: every citation is listed, every listed work is cited, each is complete.

A printed reference (Vancouver style, see `Reference.citation_text`) needs who wrote it (authors
or an organisation), its title, where it appeared (journal or publisher) and its year; title
and year are already required by the article schema.
"""

from __future__ import annotations

import re

from handouts.checks import prose
from handouts.checks.findings import Finding, error, warning
from handouts.source.articles import Article, check_citations
from handouts.source.yamlfile import FieldPath, Located, dotted

RULE = "references"
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def check(article: Article) -> list[Finding]:
    located = prose.front_matter(article.source)
    found = [
        error(
            f"{RULE}.unknown",
            p.message,
            "Add the work to the references list in the front matter, or correct the "
            "key so it matches a reference's id.",
            p.file,
            p.line,
            p.field,
        )
        for p in check_citations(article).problems
    ]
    cited = set(article.cited_keys())
    seen: set[str] = set()
    for index, ref in enumerate(article.references):
        line, field = _where(located, index, "id")
        if ref.id in seen:
            found.append(
                error(
                    f"{RULE}.duplicate",
                    f"reference id '{ref.id}' is listed twice",
                    "Give each reference its own id, or remove the copy.",
                    article.source,
                    line,
                    field,
                )
            )
        seen.add(ref.id)
        if ref.id not in cited:
            found.append(
                warning(
                    f"{RULE}.uncited",
                    f"reference '{ref.id}' is listed but never cited, so it is not printed",
                    f"Cite it as [@{ref.id}] where the text relies on it, or remove "
                    "it from the list.",
                    article.source,
                    line,
                    field,
                )
            )
        line, field = _where(located, index)
        if not (ref.authors or ref.organisation):
            found.append(
                error(
                    f"{RULE}.incomplete",
                    f"reference '{ref.id}' names no authors or organisation",
                    "Add authors: (Vancouver style, e.g. 'Brady S, McEvoy J') or organisation:.",
                    article.source,
                    line,
                    field,
                )
            )
        if not (ref.journal or ref.publisher):
            found.append(
                error(
                    f"{RULE}.incomplete",
                    f"reference '{ref.id}' names no journal or publisher",
                    "Add journal: (abbreviated, e.g. 'J Man Manip Ther') or publisher:.",
                    article.source,
                    line,
                    field,
                )
            )
        if ref.doi and not _DOI.match(ref.doi.removeprefix("https://doi.org/")):
            line, field = _where(located, index, "doi")
            found.append(
                warning(
                    f"{RULE}.doi",
                    f"'{ref.doi}' does not look like a DOI",
                    "Write the DOI as 10.xxxx/…, or leave doi: out when unsure.",
                    article.source,
                    line,
                    field,
                )
            )
    return found


def _where(located: Located, index: int, *path: str) -> tuple[int | None, str]:
    """Line and field name of one reference, or of one of its fields."""
    full: FieldPath = ("references", index, *path)
    return located.line_of(full), dotted(full) or ""
