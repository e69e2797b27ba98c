"""The New clinic wizard over HTTP (core: handouts.source.scaffold.new_clinic)."""

from __future__ import annotations

from handouts.source.clinics import load_clinic

from .conftest import Desk


def test_new_clinic_is_for_managers(desk: Desk) -> None:
    desk.signin("sam")
    assert desk.client.get("/studio/new").status_code == 403
    token = desk.csrf()
    form = {"csrf": token, "id": "x", "name": "X", "based_on": "riverside"}
    assert desk.client.post("/studio/new", data=form).status_code == 403
    assert not (desk.project.clinics_dir / "x.yaml").exists()


def test_a_second_site_from_an_existing_clinic(desk: Desk) -> None:
    desk.signin("mia")
    token = desk.csrf("/studio/new")
    form = {
        "csrf": token,
        "id": "riverside-north",
        "name": "Riverside North",
        "based_on": "riverside",
    }
    response = desk.client.post("/studio/new", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/studio/brand/riverside-north"
    made = desk.project.clinics_dir / "riverside-north.yaml"
    clinic = load_clinic(made)
    assert clinic.name == "Riverside North" and clinic.logo.name == "riverside-north-logo.svg"
    assert made.read_text().startswith("# Riverside Physiotherapy — demo clinic")  # comments kept
    assert desk.client.get("/studio/brand/riverside-north").status_code == 200
    again = desk.client.post("/studio/new", data=form)
    assert again.status_code == 422 and "already exists" in again.text
    bad = {**form, "id": "Bad Name!"}
    assert desk.client.post("/studio/new", data=bad).status_code == 422
    long_name = {**form, "id": "other", "name": "N" * 90}
    page = desk.client.post("/studio/new", data=long_name)
    assert page.status_code == 422 and not (desk.project.clinics_dir / "other.yaml").exists()
