"""Rule 3, structure: headings, section length, steps, 'you', key points and a clear action."""

from __future__ import annotations

from pathlib import Path

from handouts.checks import structure
from handouts.source.check_settings import Structure

from .checkdata import BODY, FRONT, article


def rules(tmp_path: Path, body: str = BODY, front: str = FRONT, **settings: float) -> list[str]:
    text = article(tmp_path, body=body, front=front)
    return [f.rule for f in structure.check(text, Structure(**settings))]


def test_the_plain_article_passes(tmp_path: Path) -> None:
    assert rules(tmp_path) == []


def test_a_generic_heading_is_flagged(tmp_path: Path) -> None:
    found = structure.check(
        article(tmp_path, body=BODY.replace("## What you can do", "## Introduction")), Structure()
    )
    assert [(f.rule, f.severity) for f in found] == [("structure.heading", "warning")]
    assert "“Introduction” does not say what the section tells the reader" in found[0].message


def test_a_long_section_is_flagged(tmp_path: Path) -> None:
    long = BODY + "\n" + "You can walk to the shop. " * 60 + "\n"
    assert rules(tmp_path, long) == ["structure.section-length"]
    assert rules(tmp_path, long, section_words=1000) == []


def test_steps_in_running_text_are_flagged(tmp_path: Path) -> None:
    steps = "First, sit down. Then put ice on your knee. Finally, rest for an hour.\n"
    assert rules(tmp_path, BODY + "\n" + steps) == ["structure.steps"]


def test_text_that_never_says_you_is_flagged(tmp_path: Path) -> None:
    body = (
        "## What patients can expect\n\nMost knee pain gets better [@smith2020]. "
        "Patients feel stiff. Ice helps some people. Walking is good. Rest is good.\n\n"
        "## Next steps\n\nAsk the physio which exercises suit the knee.\n"
    )
    assert rules(tmp_path, body) == ["structure.you"]
    assert rules(tmp_path, body, you_share=0.0) == []


def test_too_few_key_points_are_flagged(tmp_path: Path) -> None:
    front = FRONT.replace('  - "Keep moving gently."\n  - "Call us if the pain gets worse."\n', "")
    text = article(tmp_path, front=front)
    (found,) = structure.check(text, Structure())
    assert (found.rule, found.field, found.line) == ("structure.key-points", "key_points", 10)
    assert structure.check(text, Structure(key_points_min=1)) == []


def test_a_leaflet_without_any_action_is_flagged(tmp_path: Path) -> None:
    front = (
        FRONT.replace('"Keep moving gently."', '"Knees are joints."')
        .replace('"Call us if the pain gets worse."', '"Pain often fades."')
        .replace("What you can do about knee pain at home, and when to call us.", "Knee pain.")
    )
    body = (
        "## What to expect\n\nMost knee pain gets better in a few weeks [@smith2020]. "
        "You may feel stiff in the morning. Your knee may click.\n"
    )
    assert rules(tmp_path, body, front) == ["structure.action"]
    assert rules(tmp_path, body + "\nCall us if it gets worse.\n", front) == []
