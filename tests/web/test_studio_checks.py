"""The checks dashboard over HTTP: managers only; findings with file, line, rule and fix."""

from __future__ import annotations

from .conftest import Desk


def test_checks_dashboard_is_for_managers(desk: Desk) -> None:
    desk.signin("sam")
    assert desk.client.get("/studio/checks").status_code == 403


def test_a_pale_colour_shows_as_a_finding_with_its_fix(desk: Desk) -> None:
    clinic = desk.project.clinics_dir / "riverside.yaml"
    clinic.write_text(clinic.read_text().replace('text: "#1c2b33"', 'text: "#9aa5ab"'))
    desk.signin("mia")
    page = desk.client.get("/studio/checks")
    assert page.status_code == 200
    assert "clinics/riverside.yaml" in page.text
    assert "branding.contrast" in page.text and "the nearest that passes" in page.text
    assert "Next review" in page.text and "dry needling" in page.text.lower()
