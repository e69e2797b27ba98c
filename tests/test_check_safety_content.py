"""Rule 4, safety content: red flags in safety and aftercare leaflets, cited effects in benefits."""

from __future__ import annotations

from pathlib import Path

from handouts.checks import safety

from .checkdata import BODY, FRONT, article

GET_HELP = """\
get_help:
  urgent:
    title: "Get emergency help now if you have"
    items: ["chest pain", "shortness of breath"]
  soon:
    title: "Call us if you have"
    items: ["a fever"]
"""


def test_a_safety_leaflet_without_red_flags_is_an_error(tmp_path: Path) -> None:
    (found,) = safety.check(article(tmp_path, name="safety"))
    assert (found.rule, found.severity, found.field) == ("safety.red-flags", "error", "get_help")
    assert "safety leaflet has no red-flag section" in found.message
    assert "get_help:" in found.fix


def test_a_get_help_box_is_a_red_flag_section(tmp_path: Path) -> None:
    assert safety.check(article(tmp_path, name="aftercare", front=FRONT + GET_HELP)) == []


def test_a_red_flag_heading_in_the_body_also_counts(tmp_path: Path) -> None:
    body = BODY + "\n## When to get help\n\nCall 999 if you have chest pain.\n"
    assert safety.check(article(tmp_path, name="aftercare", body=body)) == []


def test_the_kind_field_overrides_the_file_name(tmp_path: Path) -> None:
    text = article(tmp_path, name="after-needling", front=FRONT + "kind: aftercare\n")
    assert safety.kind(text) == "aftercare"
    assert [f.rule for f in safety.check(text)] == ["safety.red-flags"]
    assert safety.check(article(tmp_path, name="knee")) == []  # a general leaflet


UNCITED = """\
## What studies found

Needling eases neck pain in the short term. It worked better than sham needling.

## Questions to ask

How will we know if it is helping?
"""


def test_a_benefits_section_describing_an_effect_without_a_citation_is_an_error(
    tmp_path: Path,
) -> None:
    (found,) = safety.check(article(tmp_path, name="benefits", body=BODY + "\n" + UNCITED))
    assert (found.rule, found.severity) == ("safety.uncited-effect", "error")
    assert "“What studies found” describes an effect but cites no study" in found.message
    assert "Needling eases neck pain in the short term." in found.message


def test_cited_effects_and_questions_pass(tmp_path: Path) -> None:
    cited = UNCITED.replace("short term.", "short term [@smith2020].")
    assert safety.check(article(tmp_path, name="benefits", body=BODY + "\n" + cited)) == []
