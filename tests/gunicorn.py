"""A real gunicorn server with production settings on a throwaway SQLite database."""

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WSGI_APP = "forvaltningskultur.wsgi"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Fetched:
    """An answer read to its end, its connection closed: .status, .headers, .read()."""

    def __init__(self, response):
        with response:
            self.status = response.status
            self.headers = response.headers
            self._body = io.BytesIO(response.read())

    def read(self, size=-1) -> bytes:
        return self._body.read(size)


def fetch(url, headers=None, data=None) -> Fetched:
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", **(headers or {})}, data=data
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    return Fetched(response)


def production_env(tmp: Path, **settings) -> dict:
    """The environment of a deployment: production settings, a throwaway SQLite database
    and media directory in `tmp` (DATABASE_URL and the rest can be given in `settings`),
    none of the tests' own settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        # The tests' own settings (pytest-env) are not production's.
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "CACHE_URL", "REGISTRATION_", "OUTBOX_", "EMAIL_")
        )
    }
    env.update(
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_DEBUG="off",
        DJANGO_SECRET_KEY="prod-like-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DEMO_ADMIN_PASSWORD="ett-riktigt-langt-losenord",
        GUNICORN_WORKERS="1",
        DJANGO_STAFF_TWO_FACTOR="off",
        # The tests' password hasher (settings.py), so that a user made here or by the
        # test process logs in there, and logins cost what they cost in the tests.
        DJANGO_TESTS_FAST_PASSWORD_HASHER=os.environ.get(
            "DJANGO_TESTS_FAST_PASSWORD_HASHER", "off"
        ),
    )
    env.update(settings)
    return env


def prepare(env: dict, commands=()):
    """Migrate, seed the demo content and its logins, run `commands` (manage.py argument
    lists)."""
    for command in (["migrate", "--noinput"], ["seed_demo"], ["ensure_demo_logins"], *commands):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )


@contextlib.contextmanager
def serving(tmp: Path, env: dict, name="gunicorn"):
    """Start gunicorn.conf.py with `env` on a port of its own; yield the base URL.

    The master's process id is written to tmp / f"{name}.pid" (see workers()), its log
    to tmp / f"{name}.log". On leaving, gunicorn is stopped the way a deployment stops
    it (SIGTERM), and waited for.
    """
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    pid_file = tmp / f"{name}.pid"
    log_path = tmp / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py", "--pid", str(pid_file), WSGI_APP],
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
                pytest.fail(f"{name} did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.3)
        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


@contextlib.contextmanager
def running(tmp: Path, commands=(), **settings):
    """Migrate, seed the demo content, run `commands` (manage.py argument lists), start
    gunicorn.conf.py; yield the base URL.

    The master's process id is written to tmp / "gunicorn.pid" (see workers()).

    On leaving, gunicorn is stopped the way a deployment stops it (SIGTERM), and waited for.
    """
    env = production_env(tmp, **settings)
    prepare(env, commands)
    with serving(tmp, env) as base:
        yield base


# What the shared server (shared_server below) has on top of the demo content: its
# upcoming seminars open for a thousand sign-ups, so that every test finds a form.
OPEN_UP = (
    "from seminars.models import Seminar; from django.utils import timezone;"
    "Seminar.objects.filter(starts_at__gt=timezone.now()).update(capacity=1000,"
    " signup_opens_at=None, signup_closes_at=None, is_cancelled=False)"
)
# Its settings: production's, behind one TLS proxy (X-Forwarded-For names the visitor),
# two workers.
SHARED = {"DJANGO_PROXY_COUNT": "1", "GUNICORN_WORKERS": "2"}


@dataclass(frozen=True)
class Served:
    url: str  # the base URL
    tmp: Path  # its database, media, gunicorn.pid and gunicorn.log


@contextlib.contextmanager
def shared(tmp: Path):
    """The one server the served tests share (tests/conftest.py's shared_server): started
    once a run instead of once per test file. A test that needs settings of its own, or
    stops, locks or cuts the server, starts its own with running() and says why."""
    with running(tmp, commands=(["shell", "-c", OPEN_UP],), **SHARED) as base:
        yield Served(base, tmp)


def workers(tmp: Path) -> list[int]:
    """The process ids of the workers of the gunicorn that running(tmp) started."""
    master = (tmp / "gunicorn.pid").read_text().strip()
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:  # the process has ended
            continue
        if f"PPid:\t{master}" in lines:
            found.append(int(status.parent.name))
    return found
