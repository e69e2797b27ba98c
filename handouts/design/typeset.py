"""Typesetting ties: where a line may not break (numbers and units, ranges, phones, URLs, titles).

Every function escapes what it is given and returns Markup, so templates use them as filters on
untrusted text. Ties are no-break spaces (U+00A0) between words, or a `nobr` span (CSS
`white-space: nowrap`) around a run whose own punctuation would otherwise allow a break (the en
dash in "8:30–17:30", the hyphen in "555-0147"). Spans only where they are needed: WeasyPrint,
backing off from a span that does not fit the end of a line, can break the line far earlier
than it needs to ("Another / study looked at 60 young women aged 18 to 30").
"""

from __future__ import annotations

import re
from html import unescape

from markupsafe import Markup, escape

NBSP = "\u00a0"

# A number (with its own punctuation: 7,600 · 8:30 · 2.5 · 8am · 30%) ...
_NUM = r"\d[\d,.:]*(?:am|pm|%)?"
# ... a range of two of them, with "to", "–", "-" or "up to" between ("8am to 7pm", "1–3"), or
# a time to noon or midnight ("8am–noon").
_RANGE = re.compile(
    rf"(?<![\w#&-])({_NUM})(\s*(?:–|-|—)\s*|\s+(?:to|up to|and|or|in)\s+)"
    rf"({_NUM}|noon|midnight)(?!\w)"
)
# A number and the word after it ("30 minutes", "3 days", "about 1 in 5") stay on one line.
_NUM_WORD = re.compile(rf"(?<![\w#&-])({_NUM}) (?=[^\W\d])")
# "Page 1 of 4", "Call 999": the word before a number joins it.
_WORD_NUM = re.compile(r"\b(Page|page|Call|call|dial|Dial|No\.|p\.|pp\.) (?=\d)")

_TAG = re.compile(r"(<[^>]*>)")
_SPACE_BEFORE_CITE = re.compile(r"\s+(<sup class=\"cite\">)")


def _tie_plain(text: str) -> str:
    """Ties inside plain text that is already escaped (no tags)."""
    text = _RANGE.sub(_tie_range, text)
    text = _NUM_WORD.sub(lambda m: m.group(1) + NBSP, text)
    text = _WORD_NUM.sub(lambda m: m.group(1) + NBSP, text)
    text = re.sub(r"\x01 (?=[^\W\d])", "\x01" + NBSP, text)  # "1 to 3 days": the unit too
    return text.replace("\x00", '<span class="nobr">').replace("\x01", "</span>")


def _tie_range(match: re.Match[str]) -> str:
    first, between, last = match.groups()
    if between.strip() in ("–", "-", "—"):  # a dash allows a break: only a span keeps it
        return f"\x00{first}{between.replace(' ', NBSP)}{last}\x01"
    return first + between.replace(" ", NBSP) + last


def ties(value: object, last: bool = True) -> Markup:
    """Escape plain text and keep numbers with their units, ranges and page numbers together;
    its last line never holds one short word alone (`last=False`: text that more follows)."""
    text = str(escape(value))
    return Markup(_tie_plain(_tie_last(text) if last else text))


def _tie_last(text: str) -> str:
    """The last two words of escaped text joined, so that a paragraph or list item does not end
    with a line of one short word ("… when you breathe / in"). Only when the pair is short
    enough to move to the next line without leaving a gap, and the text has words to spare."""
    words = text.rstrip().split(" ")
    if len(words) < 4 or len(unescape(words[-2] + words[-1])) > 18:
        return text
    # A last sentence of three short words moves whole ("soreness. / Get help now.", never
    # "soreness. Get / help now.").
    sentence = words[-3:]
    if (
        len(words) > 4
        and words[-4].endswith((".", "!", "?"))
        and len(unescape("".join(sentence))) <= 16
    ):
        return " ".join(words[:-3]) + " " + NBSP.join(sentence)
    return " ".join(words[:-2]) + " " + words[-2] + NBSP + words[-1]


def ties_html(html: str) -> Markup:
    """The same ties in trusted HTML (the rendered article): text between tags only.

    A citation mark joins the word before it: "seen[1]" never breaks before the mark. A
    heading's last words are tied as a title's are ("What to expect in the / first few days"),
    and a paragraph's or list item's last two words ("… up to 2 days / later.").
    """
    html = _SPACE_BEFORE_CITE.sub(r"\1", str(html))
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # even indexes are text, odd ones tags
        text = parts[index]
        if index + 1 < len(parts) and _HEADING_END.match(parts[index + 1]):
            text = _tie_tail(text)  # before the other ties, which add tags
        elif _ends_block(parts, index + 1):
            text = _tie_last(text)
        parts[index] = _tie_plain(text)
    return Markup("".join(parts))


_HEADING_END = re.compile(r"</h[1-6]>")
_BLOCK_END = re.compile(r"</(?:p|li)>")
_CITE = '<sup class="cite">'


def _ends_block(parts: list[str], index: int) -> bool:
    """Whether the paragraph or list item ends at `parts[index]` (a tag), perhaps after a
    citation mark and a full stop: "… in 100 treatments[3]." ends where "treatments" does."""
    cited = index + 4 < len(parts) and parts[index] == _CITE and parts[index + 2] == "</sup>"
    if cited and parts[index + 3].strip() in ("", ".", ",", ";", ":", "!", "?"):
        index += 4
    return index < len(parts) and bool(_BLOCK_END.match(parts[index]))


def _tie_tail(text: str, most: int = 3, letters: int = 10) -> str:
    """The last words of escaped text without tags joined by no-break spaces: until the run is
    at least `letters` characters or `most` words ("Get emergency help now / if you have"). A
    headline's second part ties up to four words and 12 letters ("side effects and / how safe
    it is", not "side effects and how / safe it is"). Text of fewer than three words is left
    as it is."""
    words = text.split(" ")
    if len(words) < 3:
        return text
    tail = [words.pop()]
    while words and len(tail) < most and len(unescape(" ".join(tail))) < letters:
        tail.insert(0, words.pop())
    return " ".join(words) + " " + NBSP.join(tail) if words else NBSP.join(tail)


_LIST = re.compile(r"<(ul|ol)>((?:(?!<(?:ul|ol)[ >]).)*?)</\1>", re.S)
SHORT_LIST = 4
# A list of a few long items is not short: four items of three lines each, kept whole, left the
# middle panel of a tri-fold 45 mm empty (review O). Its items still break only between them.
SHORT_LIST_LETTERS = 320
_MARKUP = re.compile(r"<[^>]+>")


def mark_short_lists(html: str) -> Markup:
    """`class="short"` on lists of four items or fewer and SHORT_LIST_LETTERS letters at most,
    which CSS keeps on one page or panel."""

    def mark(match: re.Match[str]) -> str:
        items = match.group(2)
        letters = len(unescape(_MARKUP.sub("", items)).strip())
        if items.count("<li>") > SHORT_LIST or letters > SHORT_LIST_LETTERS:
            return match.group(0)
        return f'<{match.group(1)} class="short">{match.group(2)}</{match.group(1)}>'

    return Markup(_LIST.sub(mark, str(html)))


_LAST_PARAGRAPH = re.compile(r"<p>((?:(?!<p[ >]).)*?</p>\s*)$", re.S)


def mark_last_paragraph(html: str) -> Markup:
    """`class="last"` on the text's closing paragraph, which CSS never lets open a page or
    column alone ("You can say no to needling at any time." stood above the contact card)."""
    return Markup(_LAST_PARAGRAPH.sub(r'<p class="last">\1', str(html)))


def keep(value: object) -> Markup:
    """Never break inside: phone and emergency numbers, times, short codes."""
    return Markup('<span class="nobr">{}</span>').format(str(value))


def title(value: object) -> Markup:
    """A title whose last line never holds one short word alone: the last words are tied. After
    a colon the first words are tied too, up to three and 10 letters, so that a line does not
    end inside them ("After dry needling: how / to look after yourself", "how to / look"): the
    line breaks at the colon instead, or after them."""
    text = _tie_tail(" ".join(str(escape(value)).split()))
    head, colon, rest = text.partition(": ")
    if colon:
        words = rest.split(" ")
        lead = 1
        while lead < min(3, len(words)) and len(unescape(" ".join(words[:lead]))) < 10:
            lead += 1
        text = f"{head}: {NBSP.join(words[:lead])} {' '.join(words[lead:])}".rstrip()
    return Markup(_tie_plain(text))


def title_beside(value: object, other: object) -> Markup:
    """A title set beside another (the red-flag box's halves): the words both end with ("if you
    have") in a `title-tail` span, which the flyer, where the halves stand side by side, puts on
    a line of its own, so that both titles take two lines and break at the same words (the
    shorter one took a line and left a gap above its list). Elsewhere the span changes nothing.
    Titles that share fewer than two words are set as `title` sets them."""
    words, others = str(value).split(), str(other).split()
    shared = 0
    while (
        shared < min(len(words), len(others)) - 2
        and words[-1 - shared].lower() == others[-1 - shared].lower()
    ):
        shared += 1
    if shared < 2:
        return title(value)
    head, tail = " ".join(words[:-shared]), " ".join(words[-shared:])
    return Markup(f'{title(head)} <span class="title-tail">{title(tail)}</span>')


def headline(value: object) -> Markup:
    """A title set large (covers, mastheads, the poster): after a colon the rest starts a line of
    its own ("After dry needling: / how to look after yourself"), so that the title breaks where
    it pauses, not where a narrow panel happens to end ("how to / look / after yourself"). Each
    part is then tied as a title is."""
    text = " ".join(str(escape(value)).split())
    head, colon, rest = text.partition(": ")
    if not colon or not rest:
        return title(value)
    if len(head.split()) >= 4:  # a long head that wraps keeps its last words together too,
        head = _tie_tail(_tie_joining_words(head))  # and never ends a line on "and" or "for"
    return Markup(f"{_tie_plain(head)}:<br>{_tie_plain(_tie_tail(rest, most=4, letters=12))}")


_JOINING = frozenset({"a", "an", "and", "or", "of", "to", "for", "the", "with", "in", "on"})


def _tie_joining_words(text: str) -> str:
    """Each short joining word tied to the word after it ("neck and / shoulder pain" becomes
    "neck / and shoulder pain")."""
    words = text.split(" ")
    out = words[:1]
    for word in words[1:]:
        if out[-1].rsplit(NBSP, 1)[-1].lower() in _JOINING:
            out[-1] += NBSP + word
        else:
            out.append(word)
    return " ".join(out)


def url(value: object) -> Markup:
    """A web address without its scheme, breakable only after a slash."""
    text = re.sub(r"^https?://", "", str(value))
    pieces = [p for p in re.split(r"(?<=/)", text) if p]
    return Markup("<wbr>").join(
        Markup('<span class="nobr">{}</span>').format(piece) for piece in pieces
    )


FILTERS = {
    "ties": ties,
    "keep": keep,
    "title": title,
    "title_beside": title_beside,
    "headline": headline,
    "url": url,
}
