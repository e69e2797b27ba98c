"""Who may see what: every page but sign-in and /health needs a session; roles; CSRF; rate limit."""

from __future__ import annotations

import pytest
from starlette.routing import Mount, Route

from handouts.web.desk import SheetForm
from handouts.web.sessions import MAX_FAILURES_PER_NAME

from .conftest import PASSWORD, Desk, csrf_of

PUBLIC = {"/signin", "/health", "/"}


def every_route(desk: Desk) -> list[tuple[str, str]]:
    found = []
    for route in desk.client.app.routes:
        if isinstance(route, Route):
            path = route.path.replace("{clinic}", "riverside")
            found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_every_page_but_sign_in_and_health_needs_a_session(desk: Desk) -> None:
    routes = every_route(desk)
    assert len(routes) >= 14
    for method, path in routes:
        if path in PUBLIC:
            continue
        response = desk.client.request(method, path, follow_redirects=False)
        if method == "GET":
            assert response.status_code == 303, (method, path)
            assert response.headers["location"] == "/signin"
        else:
            assert response.status_code == 401, (method, path)
    assert desk.client.get("/health").json() == {"status": "ok"}
    assert desk.client.get("/", follow_redirects=False).headers["location"] == "/signin"
    assert desk.client.get("/signin").status_code == 200
    # Static files are the only other thing served without a session, and hold nothing private.
    assert desk.client.get("/static/desk.js").status_code == 200
    assert any(isinstance(r, Mount) and r.path == "/static" for r in desk.client.app.routes)


def test_signed_in_user_reaches_every_practitioner_page(desk: Desk) -> None:
    desk.signin()
    for path in (
        "/aftercare",
        "/daylist",
        "/pads",
        "/brand/riverside.css",
        "/brand/riverside/logo",
    ):
        assert desk.client.get(path).status_code == 200, path
    assert "Audit log" not in desk.client.get("/aftercare").text


def test_audit_log_is_for_managers_only(desk: Desk) -> None:
    desk.signin("sam")
    assert desk.client.get("/audit").status_code == 403
    assert desk.client.get("/audit.csv").status_code == 403
    desk.client.cookies.clear()
    desk.signin("mia")
    assert desk.client.get("/audit").status_code == 200
    assert desk.client.get("/audit.csv").status_code == 200
    assert 'href="/audit"' in desk.client.get("/aftercare").text


def test_managers_routes_are_marked_for_managers(desk: Desk) -> None:
    roles = {
        route.path: getattr(route.endpoint, "role", None)
        for route in desk.client.app.routes
        if isinstance(route, Route)
    }
    assert roles["/audit"] == roles["/audit.csv"] == "manager"
    assert roles["/aftercare"] == "practitioner"
    assert roles["/signin"] is None and roles["/health"] is None


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_post_without_the_forms_token_is_refused(desk: Desk, token: str | None) -> None:
    desk.signin()
    data = {"patient": "Ana Lima", "action": "download", "clinic": "riverside"}
    if token is not None:
        data["csrf"] = token
    for path in ("/aftercare", "/aftercare/preview", "/daylist", "/daylist/run", "/signout"):
        response = desk.client.post(path, data=data)
        assert response.status_code == 403, path
        assert "Ana Lima" not in response.text


def test_sign_in_form_needs_its_own_token(desk: Desk) -> None:
    desk.client.get("/signin")
    response = desk.client.post(
        "/signin",
        data={"name": "sam", "password": PASSWORD, "csrf": "guess"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "handouts_session" not in response.cookies


def test_session_cookie_is_signed_http_only_and_strict(desk: Desk) -> None:
    page = desk.client.get("/signin")
    response = desk.client.post(
        "/signin",
        data={"name": "sam", "password": PASSWORD, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP on the loopback: a Secure cookie would be lost
    value = desk.client.cookies["handouts_session"]
    desk.client.cookies.clear()
    desk.client.cookies.set("handouts_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert desk.client.get("/aftercare", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session_on_the_server(desk: Desk) -> None:
    desk.signin()
    stolen = desk.client.cookies["handouts_session"]
    response = desk.client.post("/signout", data={"csrf": desk.csrf()}, follow_redirects=False)
    assert response.headers["location"] == "/signin?signed-out"
    desk.client.cookies.clear()
    desk.client.cookies.set("handouts_session", stolen)
    assert desk.client.get("/aftercare", follow_redirects=False).status_code == 303


def test_idle_session_expires(desk: Desk) -> None:
    import datetime as dt

    desk.signin()
    assert desk.client.get("/aftercare").status_code == 200
    desk.server.idle = dt.timedelta(seconds=-1)
    assert desk.client.get("/aftercare", follow_redirects=False).status_code == 303


def test_wrong_password_then_rate_limit(desk: Desk) -> None:
    for _ in range(MAX_FAILURES_PER_NAME):
        page = desk.client.get("/signin")
        response = desk.client.post(
            "/signin",
            data={"name": "sam", "password": "wrong password", "csrf": csrf_of(page.text)},
        )
        assert response.status_code == 401
        assert "do not match" in response.text
    page = desk.client.get("/signin")
    response = desk.client.post(
        "/signin", data={"name": "sam", "password": PASSWORD, "csrf": csrf_of(page.text)}
    )
    assert response.status_code == 429  # even the right password waits
    assert "Too many failed attempts" in response.text
    desk.client.cookies.clear()
    desk.signin("mia")  # another account is not locked out by sam's failures


def test_unknown_page_is_a_plain_404(desk: Desk) -> None:
    desk.signin()
    response = desk.client.get("/nowhere")
    assert response.status_code == 404 and "There is no such page." in response.text


def test_security_headers(desk: Desk) -> None:
    response = desk.client.get("/signin")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


def test_an_unexpected_error_is_logged_without_its_message(desk: Desk, monkeypatch, caplog) -> None:
    import logging

    def broken(project: object, pool: object, form: SheetForm, today: object) -> bytes:
        raise ValueError(f"a bug that quotes {form.patient}")

    monkeypatch.setattr("handouts.web.views.aftercare.preview", broken)
    desk.signin()
    with caplog.at_level(logging.INFO, logger="handouts.web"):
        response = desk.client.post(
            "/aftercare/preview", data={"csrf": desk.csrf(), "patient": "Zoë Quill"}
        )
    assert response.status_code == 500
    assert "Zoë" not in response.text and "Nothing was kept" in response.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "internal error ValueError on /aftercare/preview" in logged
    assert "POST /aftercare/preview 500" in logged
    assert "Zoë" not in logged and "Quill" not in logged
