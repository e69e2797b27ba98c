"""Small articles and clinics written into tmp_path for the check tests (never the shipped ones)."""

from __future__ import annotations

import shutil
from pathlib import Path

from handouts.source.articles import Article, read_article
from handouts.source.clinics import Clinic, load_clinic

from .conftest import REPO

FRONT = """\
title: "Knee pain: what helps"
summary: "What you can do about knee pain at home, and when to call us."
topic: knee
language: en
author: "Test author"
reviewer: "Test reviewer"
reviewed: 2026-01-10
next_review: 2027-06-30
key_points:
  - "Most knee pain gets better in a few weeks."
  - "Keep moving gently."
  - "Call us if the pain gets worse."
references:
  - id: smith2020
    authors: "Smith A, Jones B"
    title: "Knee pain in adults"
    journal: "J Knee"
    year: 2020
"""

BODY = """\
## What to expect

Most knee pain gets better in a few weeks [@smith2020]. You may feel stiff in the morning.

## What you can do

Keep moving gently. Walk a little each day. You can use a cold pack for ten minutes.

1. Sit down and rest your leg.
2. Put a cold pack on your knee.
3. Take it off after ten minutes.

Ask your physio which exercises suit you.
"""


def write_article(
    folder: Path, name: str = "knee", front: str = FRONT, body: str = BODY, topic: str = "knee"
) -> Path:
    path = folder / "articles" / topic / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path


def article(tmp_path: Path, name: str = "knee", front: str = FRONT, body: str = BODY) -> Article:
    """Write an article and read it back as the checks see it."""
    path = write_article(tmp_path / "data", name, front, body)
    return read_article(path, f"knee-{name}")


def write_clinic(
    folder: Path, name: str = "testclinic", replace: dict[str, str] | None = None, extra: str = ""
) -> Path:
    """A copy of the Riverside demo clinic, with some text replaced."""
    clinics = folder / "clinics"
    clinics.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data/clinics/riverside-logo.svg", clinics)
    text = (REPO / "data/clinics/riverside.yaml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = clinics / f"{name}.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def clinic(tmp_path: Path, replace: dict[str, str] | None = None, extra: str = "") -> Clinic:
    return load_clinic(write_clinic(tmp_path / "data", replace=replace, extra=extra))
