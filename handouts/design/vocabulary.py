"""Locale vocabulary: the words templates print and the article spellings a clinic's locale wants.

`templates/locale/en.yaml` holds every word; `<language>-<REGION>.yaml` (e.g. en-US) only what
differs. They are read through the clinic's template loader, so a clinic may override them like
any template. Articles are written once; `localise` changes whole words of their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from handouts.errors import ConfigError, Problem
from handouts.source.articles import Article
from handouts.source.yamlfile import load_text


@dataclass(frozen=True)
class Vocabulary:
    locale: str
    words: dict[str, str]
    spelling: dict[str, str] = field(default_factory=dict)
    icons: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def icon_for(self, text: str) -> str | None:
        """The icon for a thing to do ("Drink water" → water), or None."""
        words = re.findall(r"\w+", text.lower())
        for icon, starts in self.icons:
            if any(word.startswith(start) for word in words for start in starts):
                return icon
        return None

    def localise(self, text: str) -> str:
        """Plain text with the locale's spellings ("physio" becomes "physical therapist")."""
        pattern = _pattern(tuple(sorted(self.spelling)))
        if pattern is None:
            return text
        return pattern.sub(lambda m: self._replace(m.group(0)), text)

    def localise_html(self, html: str) -> Markup:
        """The same in trusted HTML: text between tags only."""
        parts = re.split(r"(<[^>]*>)", str(html))
        for index in range(0, len(parts), 2):
            parts[index] = self.localise(parts[index])
        return Markup("".join(parts))

    def article(self, article: Article) -> Article:
        """The article's printed fields in this locale's spelling (its references as written)."""
        if not self.spelling:
            return article
        help_box = article.get_help
        if help_box is not None:
            help_box = replace(
                help_box,
                urgent=self._help_list(help_box.urgent),
                soon=self._help_list(help_box.soon),
            )
        self_care = article.self_care
        if self_care is not None:
            self_care = replace(
                self_care,
                items=tuple(replace(t, text=self.localise(t.text)) for t in self_care.items),
                note=self.localise(self_care.note) if self_care.note else self_care.note,
            )
        return replace(
            article,
            title=self.localise(article.title),
            summary=self.localise(article.summary),
            key_points=tuple(self.localise(p) for p in article.key_points),
            questions=tuple(self.localise(q) for q in article.questions),
            get_help=help_box,
            self_care=self_care,
        )

    def _help_list(self, part: Any) -> Any:
        note = self.localise(part.note) if part.note else part.note
        return replace(
            part,
            title=self.localise(part.title),
            items=tuple(self.localise(i) for i in part.items),
            note=note,
        )

    def _replace(self, word: str) -> str:
        if word in self.spelling:
            return self.spelling[word]
        new = self.spelling[word[0].lower() + word[1:]]
        return new[0].upper() + new[1:]


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    forms = {w for word in words for w in (word, word[0].upper() + word[1:])}
    alternatives = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@cache
def vocabulary(env: jinja2.Environment, locale: str) -> Vocabulary:
    """The words for a locale: the language's file, then the region's changes, if any."""
    language = locale.split("-")[0]
    base = _read(env, f"locale/{language}.yaml") or _read(env, "locale/en.yaml")
    if base is None:
        raise ConfigError(Problem("no locale vocabulary found", field="templates/locale"))
    words = dict(base.get("words") or {})
    spelling = dict(base.get("spelling") or {})
    regional = _read(env, f"locale/{locale}.yaml") if "-" in locale else None
    if regional:
        unknown = sorted(set(regional.get("words") or {}) - set(words))
        if unknown:
            raise ConfigError(
                Problem(
                    f"unknown word {', '.join(unknown)} (not in locale/{language}.yaml)",
                    field=f"templates/locale/{locale}.yaml",
                )
            )
        words.update(regional.get("words") or {})
        spelling.update(regional.get("spelling") or {})
    icons = tuple((name, tuple(starts)) for name, starts in (base.get("icons") or {}).items())
    return Vocabulary(locale, words, spelling, icons)


def _read(env: jinja2.Environment, name: str) -> dict | None:
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return None
    data = load_text(source, Path(filename or name)).data or {}
    icons = data.get("icons") or {}
    if not isinstance(icons, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in icons.values()
    ):
        raise ConfigError(
            Problem("icons must map icon names to lists of words", field=filename or name)
        )
    for section in ("words", "spelling"):
        values = data.get(section) or {}
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise ConfigError(
                Problem(f"{section} must map words to quoted text", field=filename or name)
            )
    return data
