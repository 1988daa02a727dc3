"""Headers and cookies read from a real gunicorn server started with production settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prod")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env.update(
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_DEBUG="off",
        DJANGO_SECRET_KEY="prod-like-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DEMO_ADMIN_PASSWORD="ett-riktigt-langt-losenord",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    python = sys.executable
    for command in (["migrate", "--noinput"], ["seed_demo"], ["ensure_demo_logins"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    gunicorn = Path(python).with_name("gunicorn")
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(gunicorn), "--config", "gunicorn.conf.py", "forvaltningskultur.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if fetch(base + "/healthz").status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("gunicorn did not start:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
        time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, data=None):
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", **(headers or {})}, data=data
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        return error


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
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
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
