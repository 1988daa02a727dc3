"""Headers and cookies read from a real gunicorn server started with production settings."""

import re
import urllib.parse
from http.cookies import SimpleCookie

import pytest

from tests.gunicorn import fetch, running

# Served by gunicorn on a SQLite database of its own, whatever the run's database:
# run once, in the SQLite run (tests/conftest.py deselects it on PostgreSQL).
pytestmark = pytest.mark.sqlite


@pytest.fixture
def server(shared_server):
    return shared_server.url


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
    assert headers["Referrer-Policy"] == "same-origin"
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


def _seminar_with_a_form(server):
    listing = fetch(server + "/seminarier/").read().decode()
    for path in re.findall(r'href="(/seminarier/[a-z0-9-]+/)"', listing):
        response = fetch(server + path)
        body = response.read()
        if b'class="signup-form"' in body:
            return path, response, body
    pytest.fail("no seminar with an open sign-up form in the demo content")


def test_a_page_with_a_sign_up_form_is_the_same_bytes_for_everyone_and_sets_no_cookie(
    tmp_path,
):
    # A server of its own with one worker: without Redis each worker keeps its own copy
    # of a page (with its own fill-time stamp), so on the shared two-worker server two
    # visitors may each get a worker's first rendering.
    with running(tmp_path) as server:
        path, first, first_body = _seminar_with_a_form(server)
        second = fetch(server + path)
    assert first.status == second.status == 200
    assert second.headers["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.headers.get_all("Set-Cookie") is None
        assert "nonce" not in response.headers["Content-Security-Policy"]
    assert b"csrfmiddlewaretoken" not in first_body
    assert second.read() == first_body


def test_a_sign_up_from_another_site_is_refused_in_production_settings(server):
    path, _response, body = _seminar_with_a_form(server)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body.decode()))
    data = urllib.parse.urlencode(
        {**fields, "name": "Eva Falsk", "email": "eva@example.se", "organisation": "M"}
    ).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    own_origin = "https://" + urllib.parse.urlsplit(server).netloc  # behind the TLS proxy
    for headers in (
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Origin": "https://evil.example"},
        {"Origin": own_origin.replace("https:", "http:")},
    ):
        refused = fetch(server + path, headers={**form, **headers}, data=data)
        assert refused.status == 403, headers
        assert "Formuläret skickades från en annan webbplats" in refused.read().decode()
        assert refused.headers.get_all("Set-Cookie") is None
    # From the site itself the form reaches the sign-up engine, which finds it sent
    # faster than a person types (REGISTRATION_MIN_FILL_SECONDS): past the check.
    for headers in (
        {"Sec-Fetch-Site": "same-origin", "Origin": own_origin},
        {"Origin": own_origin},
    ):
        answer = fetch(server + path, headers={**form, **headers}, data=data)
        assert answer.status == 400, headers
        assert "Formuläret skickades ovanligt snabbt" in answer.read().decode()
        assert answer.headers.get_all("Set-Cookie") is None
