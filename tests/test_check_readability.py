"""Rule 1, reading level: syllables, the two formulas, the grade finding, and no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from handouts.checks import plain_language, prose, readability, syllables
from handouts.source.check_settings import Reading

from .checkdata import BODY, FRONT, article

DATA = Path(__file__).parent / "data"


def test_syllable_counts_agree_with_the_cmu_dictionary() -> None:
    rows = [
        line.split("\t")
        for line in (DATA / "syllables.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    wrong = [(w, syllables.count(w), int(n)) for w, n in rows if syllables.count(w) != int(n)]
    assert len(rows) > 1000
    # Measured at 99.8% when written; a change to the rules must not lose more than a little.
    assert len(wrong) / len(rows) < 0.02, wrong[:20]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cat", 1),
        ("table", 2),
        ("make", 1),
        ("helped", 1),
        ("wanted", 2),
        ("boxes", 2),
        ("movement", 2),
        ("area", 3),
        ("create", 2),
        ("fluid", 2),
        ("information", 4),
        ("myofascial", 4),
        ("hyperalgesia", 6),
        ("needling", 2),
        ("long-lasting", 3),
        ("7,600", 7),
        ("20", 2),
        ("1.5", 3),
        ("2026", 6),
    ],
)
def test_syllables_of_single_words(word: str, expected: int) -> None:
    assert syllables.count(word) == expected


def test_flesch_kincaid_and_smog_by_hand() -> None:
    # 2 sentences, 10 words, 14 syllables, 2 words of 3+ syllables ("important", "appointment").
    text = "Keep this important leaflet. Bring it to your next appointment with us."
    counts = readability.count([text])
    assert counts == readability.Counts(sentences=2, words=12, syllables=17, polysyllables=2)
    expected_fk = 0.39 * 12 / 2 + 11.8 * 17 / 12 - 15.59
    assert readability.flesch_kincaid(counts) == pytest.approx(expected_fk)
    assert readability.smog(counts) == pytest.approx(1.0430 * (2 * 30 / 2) ** 0.5 + 3.1291)
    # SMOG needs ten sentences; below that only Flesch-Kincaid is given.
    assert set(readability.grades(counts)) == {"Flesch-Kincaid"}


def test_the_cat_sat_on_the_mat_is_below_first_grade() -> None:
    counts = readability.count(["The cat sat on the mat."])
    assert readability.flesch_kincaid(counts) == pytest.approx(0.39 * 6 + 11.8 - 15.59)


def test_markdown_and_citations_are_stripped_and_items_are_sentences(tmp_path: Path) -> None:
    body = (
        "## Heading here\n\nSome **bold** text [@smith2020] and a [link](https://x.org).\n\n"
        "- one\n- two\n"
    )
    blocks = prose.body_blocks(article(tmp_path, body=body))
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Heading here"),
        ("paragraph", "Some bold text and a link."),
        ("item", "one"),
        ("item", "two"),
    ]
    assert blocks[1].cited and blocks[1].line == 24


HARD = (
    "Myofascial trigger point pathophysiology encompasses sensitisation of peripheral "
    "nociceptive afferents, consequently generating localised hyperalgesia, referred "
    "symptomatology and considerable musculoskeletal dysfunction in susceptible individuals. "
)


def test_a_hard_article_is_an_error_naming_its_hardest_paragraphs(tmp_path: Path) -> None:
    body = BODY + "\n## Why it hurts\n\n" + HARD * 3 + "\n\nShort and plain.\n\n" + HARD + "\n"
    text = article(tmp_path, body=body)
    lines = text.body.splitlines()
    hard_lines = [text.body_line + i for i, line in enumerate(lines) if "Myo" in line]
    found = readability.check(text, {"": Reading()})
    assert {f.rule for f in found} == {"reading-level.grade"}
    assert all(f.severity == "error" for f in found)
    fk = next(f for f in found if "Flesch-Kincaid" in f.message)
    assert "the target is 8" in fk.message
    named = fk.message.split("Hardest paragraphs: ")[1]
    assert [int(part.split()[1]) for part in named.split(", ")] == hard_lines
    assert "Use shorter sentences" in fk.fix


def test_a_plain_article_passes(tmp_path: Path) -> None:
    assert readability.check(article(tmp_path), {"": Reading()}) == []


def test_a_clinic_target_is_named_in_the_finding(tmp_path: Path) -> None:
    found = readability.check(article(tmp_path), {"clinic kids": Reading(grade=0.5)})
    assert found and "the target for clinic kids is 0.5" in found[0].message


def test_other_languages_are_not_scored_but_flagged(tmp_path: Path) -> None:
    front = FRONT.replace("language: en", "language: de")
    found = readability.check(article(tmp_path, front=front), {"": Reading()})
    assert [(f.rule, f.severity, f.line) for f in found] == [
        ("reading-level.language", "warning", 5)
    ]


def test_readability_runs_with_the_network_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """textstat >= 0.7.9 downloads a dictionary on first use; these checks never touch the net."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    syllables._word.cache_clear()
    plain_language.terms.cache_clear()
    text = article(tmp_path, body=BODY + "\n" + HARD + "\n")
    found = readability.check(text, {"": Reading()})
    assert found and found[0].rule == "reading-level.grade"
    assert plain_language.check(text, plain_language_settings()) is not None
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def plain_language_settings():
    from handouts.source.check_settings import PlainLanguage

    return PlainLanguage()
