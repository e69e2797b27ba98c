"""Rule 2, plain language: medical terms, long sentences and passive paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.checks import plain_language
from handouts.source.check_settings import PlainLanguage

from .checkdata import BODY, FRONT, article


def findings(tmp_path: Path, body: str, front: str = FRONT, **settings: float):
    return plain_language.check(
        article(tmp_path, body=body, front=front), PlainLanguage(**settings)
    )


def test_the_plain_article_passes(tmp_path: Path) -> None:
    assert findings(tmp_path, BODY) == []


def test_an_unexplained_term_is_named_with_its_plain_words(tmp_path: Path) -> None:
    body = BODY + "\nThe needle goes into a myofascial band.\n\nMyofascial pain is common.\n"
    found = findings(tmp_path, body)
    assert [(f.rule, f.severity, f.field) for f in found] == [
        ("plain-language.term", "warning", "body")
    ]
    (term,) = found
    assert "'myofascial' is a medical term" in term.message
    assert "in the muscles and the tissue around them" in term.fix
    text = article(tmp_path, body=body)
    assert term.line == text.body_line + text.body.splitlines().index(
        "The needle goes into a myofascial band."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Your physio looks for a trigger point (a tight, tender spot in a muscle).",
        "Your physio looks for a trigger point, a tight spot in a muscle.",
        "Your physio looks for a tight spot, called a trigger point.",
        "Your physio looks for a trigger point. This is a tight spot in a muscle.",
        "A trigger point is a tight, tender spot in a muscle.",
        "Your physio looks for trigger points. Trigger points are tight spots in a muscle.",
    ],
)
def test_a_term_explained_where_it_first_appears_passes(tmp_path: Path, sentence: str) -> None:
    body = BODY + f"\n{sentence}\n\nLater the trigger point eases.\n"
    assert findings(tmp_path, body) == []


def test_a_term_in_a_key_point_counts_as_its_first_use(tmp_path: Path) -> None:
    front = FRONT.replace('"Keep moving gently."', '"Sham needling is common."')
    body = BODY + "\nSham means a fake treatment made to look like the real one.\n"
    (found,) = findings(tmp_path, body, front=front)
    assert found.field == "key_points[1]" and found.line == 12


def test_terms_are_matched_as_whole_words_in_any_case(tmp_path: Path) -> None:
    found = findings(tmp_path, BODY + "\nRest in a shameless way. AFFERENT nerves fire.\n")
    assert [f.message.split("'")[1] for f in found] == ["AFFERENT"]


def test_long_sentences_are_flagged(tmp_path: Path) -> None:
    long = " ".join(["word"] * 26) + "."
    found = findings(tmp_path, BODY + f"\n{long}\n")
    assert [(f.rule, f.severity) for f in found] == [("plain-language.long-sentence", "warning")]
    assert "a sentence of 26 words (more than 25)" in found[0].message
    assert findings(tmp_path, BODY + f"\n{long}\n", sentence_words=30) == []


def test_a_passive_heavy_paragraph_is_flagged(tmp_path: Path) -> None:
    paragraph = (
        "The needle is inserted into the muscle. The skin was cleaned first. "
        "The area is then covered. You go home."
    )
    found = findings(tmp_path, BODY + f"\n{paragraph}\n")
    assert [f.rule for f in found] == ["plain-language.passive"]
    assert "3 of this paragraph's 4 sentences" in found[0].message


def test_an_active_paragraph_with_one_passive_sentence_passes(tmp_path: Path) -> None:
    paragraph = (
        "Your physio puts the needle in. The skin was cleaned first. "
        "You may feel tired afterwards. You go home."
    )
    assert findings(tmp_path, BODY + f"\n{paragraph}\n") == []


def test_the_shipped_term_list_has_plain_words_for_each_term() -> None:
    terms = {t.term: t for t in plain_language.terms()}
    for required in ("myofascial", "nociceptor", "hyperalgesia", "afferent", "contraindication"):
        assert terms[required].plain
    assert terms["contraindication"].pattern.search("it is contraindicated")
