"""Headers and cookies read from a real gunicorn server started with production settings."""

from http.cookies import SimpleCookie

import pytest

from tests.gunicorn import fetch, running


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(tmp_path_factory.mktemp("prod")) as base:
        yield base


def test_http_is_redirected_to_https(server):
    response = fetch(server + "/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_security_headers_on_a_public_page(server):
    response = fetch(server + "/")
    assert response.status == 200
    headers = response.headers
    hsts = headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["Permissions-Policy"]
    csp = {
        d.strip().split(" ")[0]: d.strip().split(" ")[1:]
        for d in headers["Content-Security-Policy"].split(";")
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, so no nonce either
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


@pytest.mark.parametrize(
    "path", ["/", "/om/", "/kakor/", "/tillganglighetsredogorelse/", "/seminarier/", "/sok/?q=jäv"]
)
def test_first_visit_to_a_public_page_sets_no_cookie(server, path):
    response = fetch(server + path.replace("ä", "%C3%A4"))
    assert response.status == 200
    assert response.headers.get_all("Set-Cookie") is None


def test_csrf_and_session_cookies_are_host_prefixed_secure_and_lax(server):
    login_page = fetch(server + "/admin/login/")
    cookie = SimpleCookie()
    for header in login_page.headers.get_all("Set-Cookie"):
        cookie.load(header)
    csrf = cookie["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    token = login_page.read().decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = f"csrfmiddlewaretoken={token}&username=admin&password=ett-riktigt-langt-losenord&next=/admin/"
    response = fetch(
        server + "/admin/login/",
        headers={
            "Cookie": f"__Host-csrftoken={csrf.value}",
            "Referer": server.replace("http:", "https:") + "/admin/login/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        data=body.encode(),
    )
    assert response.status == 302, response.read()[:500]
    for header in response.headers.get_all("Set-Cookie"):
        cookie.load(header)
    session = cookie["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_oversized_request_body_is_refused_before_it_is_read(server):
    response = fetch(
        server + "/sok/", headers={"Content-Length": str(50 * 1000 * 1000)}, data=b"x" * 10
    )
    assert response.status == 413
