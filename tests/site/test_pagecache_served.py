"""The page cache while the database does not answer, against gunicorn in production
settings and real databases. The promise: with a write lock held on SQLite for 25 s, and
with PostgreSQL unreachable, cached pages are served (200) and uncached ones get 503
with a Swedish page.

- SQLite: another program holds the write lock for HOLD_SECONDS. Cached pages answer at
  once with their content; a sign-up waits the lock timeout and gets the Swedish 503
  (the form keeps what was typed), nothing is saved. Then a lock that keeps readers out
  too: cached pages still answer (from the last state the process read, `stale`),
  uncached ones get the Swedish "Försök igen om en stund" page. After each, pages are
  fresh again.
- PostgreSQL: gunicorn reaches the server through a forwarder in this test, which is cut
  (new connections refused, open ones closed) and put back on the same port.

No response is ever a 500. Checked as a person would: the status and the text the page
shows. The SQLite tests run in the SQLite run (marker `sqlite`: once per `make test`
and CI); the PostgreSQL one (markers `backend` and `postgres`) where DATABASE_URL names
PostgreSQL: `make test` runs it when PostgreSQL answers, CI always. It makes a database
of its own on that server, and drops it.
"""

import contextlib
import itertools
import os
import re
import signal
import socket
import sqlite3
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from tests.gunicorn import fetch, free_port, running, workers

# Each test starts a server of its own rather than use the shared one (tests/gunicorn.py,
# shared()): they lock or cut its database, replace its workers and give it lock timeouts
# of their own, which the other served tests would run into.
from tests.visible import VisibleText

HOLD_SECONDS = 25.0  # the promise's: the write lock is held at least this long
LOCK_TIMEOUT = 5.0  # DJANGO_DB_LOCK_TIMEOUT_SECONDS, the default, given to gunicorn
STATE_SECONDS = 1.0  # DJANGO_PAGE_CACHE_STATE_SECONDS, the default, given to gunicorn
RETRY_SECONDS = 5.0  # the page cache tries an unanswering database again this often
QUICK = 1.0  # a page from the cache: well under the lock timeout
MARGIN = 2.0  # for a busy two-core machine
SERVER = {
    "DJANGO_DB_LOCK_TIMEOUT_SECONDS": str(LOCK_TIMEOUT),
    "DJANGO_PAGE_CACHE_STATE_SECONDS": str(STATE_SECONDS),
    # Tests type faster than people; the fill-time check has tests of its own.
    "REGISTRATION_MIN_FILL_SECONDS": "0",
}
OPEN_UP = (
    "from seminars.models import Seminar; from django.utils import timezone;"
    "Seminar.objects.filter(starts_at__gt=timezone.now()).update(capacity=1000,"
    " signup_opens_at=None, signup_closes_at=None, is_cancelled=False)"
)

# What a person reads on the cached pages.
CACHED = {
    "/": (
        "En god förvaltningskultur i staten",
        "Statskontoret främjar och samordnar arbetet för en god förvaltningskultur i staten.",
    ),
    "/seminarier/": (
        "Statskontoret ordnar seminarier med inspirerande föreläsningar ungefär sex gånger "
        "per år, med både praktiker och forskare som föredragshållare.",
    ),
    "/robots.txt": ("User-agent: *", "Disallow: /admin/"),
}
BUSY = (
    "Försök igen om en stund",
    "Just nu är det många som använder webbplatsen samtidigt. Vänta en halv minut och "
    "ladda om sidan.",
)
SIGNUP_BUSY = (
    "Just nu är det många som anmäler sig samtidigt, och anmälan kunde inte sparas. "
    "Vänta en stund och skicka igen: det du har skrivit finns kvar."
)
# Never requested before the database stops answering: not in the cache.
UNCACHED = ("/sok/?q=tystnadskultur", "/dilemman/?tema=jav")
# Titles the tests give a seminar, as an editor would.
FIRST_TITLE = "Lojalitet och öppenhet i staten"
SECOND_TITLE = "Tystnad och visselblåsare i myndigheten"


# --- What a person sees -------------------------------------------------------


@dataclass
class Answer:
    method: str
    path: str
    status: int
    headers: object
    body: str
    started: float  # monotonic
    seconds: float

    @property
    def text(self) -> str:
        if self.headers.get("Content-Type", "").startswith("text/html"):
            return VisibleText(self.body).text
        return " ".join(self.body.split())

    @property
    def cache(self) -> str:
        return self.headers.get("X-Page-Cache", "")

    @property
    def ended(self) -> float:
        return self.started + self.seconds

    def __str__(self):
        return f"{self.method} {self.path}: {self.status} {self.cache or '-'} {self.seconds:.2f} s"


@dataclass
class Site:
    """The served site, as one visitor: every answer is kept, and none may be a 500.
    Cookies (the site sets none for visitors) are kept and sent back, as a browser
    would."""

    base: str
    log: object  # the gunicorn log's path
    answers: list = field(default_factory=list)
    cookies: dict = field(default_factory=dict)

    def get(self, path) -> Answer:
        return self._send("GET", path)

    def post(self, path, fields) -> Answer:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",  # what a browser sends with the site's own form
        }
        return self._send("POST", path, urllib.parse.urlencode(fields).encode(), headers)

    def _send(self, method, path, data=None, headers=None) -> Answer:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        response = fetch(self.base + path, headers=headers, data=data)
        body = response.read().decode("utf-8", "replace")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        answer = Answer(
            method,
            path,
            response.status,
            response.headers,
            body,
            started,
            time.monotonic() - started,
        )
        self.answers.append(answer)
        assert answer.status != 500, f"{answer}\n{self.log_tail()}"
        return answer

    def log_tail(self) -> str:
        return "gunicorn's log:\n" + self.log.read_text()[-4000:]

    def no_500(self):
        assert not [a for a in self.answers if a.status == 500], self.log_tail()
        served = re.findall(r'" (\d{3}) ', self.log.read_text())
        assert "500" not in served, self.log_tail()


def shows(answer: Answer, *sentences):
    for sentence in sentences:
        assert sentence in answer.text, f"{answer}: no {sentence!r} in {answer.text[:600]!r}"


def assert_cached(site, answer: Answer, *, stale_allowed: bool, title=None):
    """A page from the cache, with its content (and the seminar `title`, on the list)."""
    assert answer.status == 200, f"{answer}\n{site.log_tail()}"
    assert answer.cache in (("hit", "stale") if stale_allowed else ("hit",)), str(answer)
    shows(answer, *CACHED[answer.path])
    if title and answer.path == "/seminarier/":
        shows(answer, title)
    if answer.cache == "stale":
        assert answer.headers.get("Cache-Control") == "max-age=10", str(answer)


def assert_busy(site, answer: Answer):
    """The Swedish "try again" page, 503, never the view's own page or a 500."""
    assert answer.status == 503, f"{answer}\n{answer.text[:600]}\n{site.log_tail()}"
    shows(answer, *BUSY)
    assert answer.headers.get("Retry-After") == "30", str(answer)


def warm(site, title=None):
    """Each cached path twice: the second answer is from the cache."""
    for path in CACHED:
        first = site.get(path)
        assert first.status == 200, f"{first}\n{site.log_tail()}"
        assert_cached(site, site.get(path), stale_allowed=False, title=title)


def until(seconds, check):
    """check() until it returns something true, for at most `seconds`; the last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def first_seminar(site) -> str:
    """The path of the first upcoming seminar on the list."""
    listing = site.get("/seminarier/")
    return next(
        path
        for path in re.findall(r'href="(/seminarier/[a-z0-9-]+/)"', listing.body)
        if path != "/seminarier/arkiv/"
    )


# --- SQLite: another program holds a lock -----------------------------------------


class HeldLock:
    """A transaction of another program on the site's SQLite file, in a thread: it runs
    `statements`, then holds its lock until `seconds` have passed and the test has let
    go (leaving the `with`), and commits."""

    def __init__(self, path, statements, seconds):
        self.path, self.statements, self.seconds = path, statements, seconds
        self.held, self._release = threading.Event(), threading.Event()
        self.since = self.held_for = None
        self.error = None
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.since

    def __enter__(self):
        self._thread.start()
        if not self.held.wait(30) or self.error:
            pytest.fail(f"the lock was not taken: {self.error!r}")
        return self

    def __exit__(self, *exc_info):
        self._release.set()
        self._thread.join(self.seconds + 30)
        if self.error and exc_info[0] is None:
            raise self.error

    def _hold(self):
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            for statement, *params in self.statements:
                db.execute(statement, *params).fetchall()
            self.since = time.monotonic()
            self.held.set()
            self._release.wait()
            time.sleep(max(0.0, self.seconds - self.elapsed()))
            self.held_for = self.elapsed()
            db.execute("COMMIT")
        except Exception as error:
            self.error = error
            self.held.set()
        finally:
            if db is not None:
                db.close()


def refused_by_sqlite(path, statement) -> str | None:
    """What SQLite says to a third connection that waits at most 0.1 s; None: it went
    through (and was rolled back)."""
    db = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        db.execute(statement).fetchall()
        return None
    except sqlite3.OperationalError as error:
        return str(error)
    finally:
        db.close()


def renamed(seminar_id, title):
    """What an editor's save writes: the title, and the content version moved on."""
    return [
        ("UPDATE seminars_seminar SET title = ? WHERE id = ?", (title, seminar_id)),
        ("UPDATE forvaltningskultur_pagestate SET value = value + 1 WHERE name = 'content'",),
    ]


def registrations(path) -> int:
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
        return db.execute("SELECT count(*) FROM seminars_seminarregistration").fetchone()[0]


def signup_fields(site, path, i) -> dict:
    page = site.get(path)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.body))
    assert "anmalan_for" in hidden, "no sign-up form on " + path
    # Public forms need no CSRF token; if the page has one, it is sent (and its cookie).
    return {
        **hidden,
        "name": f"Låsa Låsesson {i}",
        "email": f"lasa{i}@myndighet.se",
        "organisation": "Myndigheten för väntan",
    }


def seminar_row(database, path):
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(
            "SELECT id, title FROM seminars_seminar WHERE slug = ?",
            (path.strip("/").split("/")[-1],),
        ).fetchone()


@pytest.mark.sqlite
def test_sqlite_write_lock_for_25_s_cached_pages_served_a_sign_up_gets_the_swedish_503(
    tmp_path,
):
    """Another program holds the write lock (BEGIN IMMEDIATE and a write) for
    HOLD_SECONDS, with the site's production settings."""
    database = tmp_path / "db.sqlite3"
    with running(tmp_path, commands=(["shell", "-c", OPEN_UP],), **SERVER) as base:
        site = Site(base, tmp_path / "gunicorn.log")
        seminar = first_seminar(site)
        seminar_id, old_title = seminar_row(database, seminar)
        form = signup_fields(site, seminar, 1)
        warm(site, title=old_title)
        before = registrations(database)
        phase = len(site.answers)
        posts = []

        def sign_ups(lock):
            """One sign-up at once, one that ends before the lock is let go."""
            for at in (0.0, HOLD_SECONDS - LOCK_TIMEOUT - 3):
                time.sleep(max(0.0, at - lock.elapsed()))
                posts.append(site.post(seminar, form))

        statements = [("BEGIN IMMEDIATE",), *renamed(seminar_id, FIRST_TITLE)]
        with HeldLock(database, statements, HOLD_SECONDS) as lock:
            assert refused_by_sqlite(database, "BEGIN IMMEDIATE") == "database is locked"
            assert refused_by_sqlite(database, "SELECT count(*) FROM seminars_seminar") is None
            poster = threading.Thread(target=sign_ups, args=(lock,))
            poster.start()
            while lock.elapsed() < HOLD_SECONDS or poster.is_alive():
                for path in CACHED:
                    assert_cached(site, site.get(path), stale_allowed=False, title=old_title)
                time.sleep(0.2)
            poster.join()
            # Readers are not kept out by a writer (WAL): a page not in the cache is made.
            search = site.get("/sok/?q=lojalitet")
            assert lock.elapsed() >= HOLD_SECONDS
            assert refused_by_sqlite(database, "BEGIN IMMEDIATE") == "database is locked"
        assert lock.held_for >= HOLD_SECONDS
        cached = [a for a in site.answers[phase:] if a.method == "GET" and a.path in CACHED]
        slowest = max(cached, key=lambda a: a.seconds)
        print(
            f"write lock held {lock.held_for:.1f} s: {len(cached)} cached pages, slowest "
            f"{slowest}; sign-ups: {', '.join(map(str, posts))}; {search}"
        )
        assert slowest.seconds < QUICK, [str(a) for a in cached if a.seconds >= QUICK]
        assert search.status == 200, f"{search}\n{site.log_tail()}"
        shows(search, "Sök")
        assert len(posts) == 2, site.log_tail()
        for post in posts:
            assert post.status == 503, f"{post}\n{post.text[:600]}\n{site.log_tail()}"
            shows(post, SIGNUP_BUSY)
            assert 'value="Låsa Låsesson 1"' in post.body  # what was typed is still there
            # A locked database costs the visitor one timeout, not several.
            assert LOCK_TIMEOUT - 0.5 < post.seconds < 2 * LOCK_TIMEOUT, str(post)
        assert registrations(database) == before  # nothing was saved

        # Let go: the change made under the lock shows within the bound, and the same
        # sign-up goes through.
        fresh = until(
            STATE_SECONDS + MARGIN,
            lambda: FIRST_TITLE in (a := site.get("/seminarier/")).text and a.cache != "stale",
        )
        assert fresh, site.answers[-1]
        again = site.post(seminar, form)
        assert again.status == 302, f"{again}\n{again.text[:600]}"
        assert again.headers["Location"].startswith("/anmalan/")
        assert registrations(database) == before + 1
        site.no_500()


def fresh_worker(tmp, site):
    """Replace gunicorn's worker (by its id; the master starts another): none of the old
    worker's connections is left, the health check's included."""
    (old,) = workers(tmp)
    os.kill(old, signal.SIGTERM)
    assert until(60, lambda: (now := workers(tmp)) and old not in now and len(now) == 1)
    assert until(60, lambda: site.get("/robots.txt").status == 200), site.log_tail()


@pytest.mark.sqlite
def test_sqlite_readers_locked_out_cached_pages_served_stale_the_rest_get_the_swedish_503(
    tmp_path,
):
    """Another program holds a lock that keeps readers out too (exclusive locking mode):
    the page cache answers from the last state it read (`stale`), the rest get the
    Swedish 503.

    In WAL mode every open connection holds a shared lock on the file, so no program
    can take that lock while the site keeps its connections open between requests
    (DJANGO_CONN_MAX_AGE, 600 s by default): here the site closes each request's
    connection (0) and runs in a fresh worker, without the health check's connection.
    """
    database = tmp_path / "db.sqlite3"
    commands = (["shell", "-c", OPEN_UP],)
    with running(tmp_path, commands=commands, DJANGO_CONN_MAX_AGE="0", **SERVER) as base:
        site = Site(base, tmp_path / "gunicorn.log")
        fresh_worker(tmp_path, site)
        seminar_id, old_title = seminar_row(database, first_seminar(site))
        warm(site, title=old_title)
        phase = len(site.answers)
        statements = [
            ("PRAGMA locking_mode=EXCLUSIVE",),
            ("BEGIN EXCLUSIVE",),
            ("SELECT count(*) FROM forvaltningskultur_pagestate",),
            *renamed(seminar_id, SECOND_TITLE),
        ]
        with HeldLock(database, statements, 0) as lock:
            read = "SELECT count(*) FROM seminars_seminar"
            assert refused_by_sqlite(database, read) == "database is locked"

            def cached_round():
                for path in CACHED:
                    assert_cached(site, site.get(path), stale_allowed=True, title=old_title)

            # Until the process has found out and serves the state it read last.
            assert until(
                LOCK_TIMEOUT + STATE_SECONDS + MARGIN,
                lambda: cached_round() or site.answers[-1].cache == "stale",
            ), site.answers[-1]
            with ThreadPoolExecutor(len(UNCACHED)) as pool:  # each waits the timeout
                for answer in pool.map(site.get, UNCACHED):
                    assert_busy(site, answer)
            for _ in range(3):
                cached_round()
            assert refused_by_sqlite(database, read) == "database is locked"
        answers = site.answers[phase:]
        print(f"exclusive lock held {lock.held_for:.1f} s: " + "; ".join(map(str, answers)))
        cached = [a for a in answers if a.path in CACHED]
        assert {a.cache for a in cached} >= {"stale"}
        # Only the request that asks the database again waits for it: at most one in
        # each RETRY_SECONDS, and never longer than the lock timeout.
        slow = [a for a in cached if a.seconds >= QUICK]
        assert all(a.seconds < LOCK_TIMEOUT + MARGIN for a in slow), [str(a) for a in slow]
        for earlier, later in itertools.pairwise(slow):
            assert later.started - earlier.ended > RETRY_SECONDS - 0.5, [str(a) for a in slow]

        # Let go: fresh again within the retry, the edit made under the lock included.
        fresh = until(
            RETRY_SECONDS + MARGIN,
            lambda: SECOND_TITLE in (a := site.get("/seminarier/")).text and a.cache != "stale",
        )
        assert fresh, site.answers[-1]
        for path in UNCACHED:
            answer = site.get(path)
            assert answer.status == 200, f"{answer}\n{site.log_tail()}"
        assert site.get("/").cache != "stale"
        site.no_500()


# --- PostgreSQL: the server cannot be reached -------------------------------------


class Forwarder:
    """A TCP forwarder on a port of its own to the database server, which gunicorn is
    given instead of the server's. cut(): the listener and every forwarded connection
    are closed (a new connection is refused, an open one ends); resume(): listening on
    the same port again."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.port = free_port()
        self._pairs, self._threads = [], []
        self._stop = self._accepter = None

    def resume(self):
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR
        listener.settimeout(0.1)
        self._stop = threading.Event()
        self._accepter = threading.Thread(
            target=self._accept, args=(listener, self._stop), daemon=True
        )
        self._accepter.start()

    def cut(self):
        if self._accepter is None:
            return
        self._stop.set()
        self._accepter.join(10)
        self._accepter = None
        pairs, self._pairs = self._pairs, []
        for pair in pairs:
            pair.shut()
        threads, self._threads = self._threads, []
        for thread in threads:
            thread.join(10)

    def _accept(self, listener, stop):
        with listener:
            while not stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                pair = _Pair(client, server)
                self._pairs.append(pair)
                for source, target in ((client, server), (server, client)):
                    thread = threading.Thread(target=pair.pump, args=(source, target), daemon=True)
                    self._threads.append(thread)
                    thread.start()


class _Pair:
    """One forwarded connection: two sockets, pumped both ways; closed when both ways
    have ended."""

    def __init__(self, *sockets):
        self.sockets = sockets
        for s in sockets:
            s.settimeout(None)
        self._left, self._lock = 2, threading.Lock()

    def pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self.shut()
            with self._lock:
                self._left -= 1
                last = self._left == 0
            if last:
                for s in self.sockets:
                    s.close()

    def shut(self):
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def _server() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


def _url(server, port, name) -> str:
    login = urllib.parse.quote(server["user"], safe="")
    if server["password"]:
        login += ":" + urllib.parse.quote(server["password"], safe="")
    return f"postgres://{login}@127.0.0.1:{port}/{name}"


@pytest.mark.backend
@pytest.mark.postgres
def test_postgresql_unreachable_cached_pages_are_served_and_the_rest_get_the_swedish_503(
    tmp_path,
):
    server = _server()
    name = f"fk_served_stale_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(**server, dbname="postgres", autocommit=True, connect_timeout=5)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    forwarder = Forwarder((server["host"], server["port"]))
    try:
        forwarder.resume()
        url = _url(server, forwarder.port, name)
        with running(tmp_path, DATABASE_URL=url, **SERVER) as base:
            site = Site(base, tmp_path / "gunicorn.log")
            seminar = first_seminar(site)
            slug = seminar.strip("/").split("/")[-1]
            with psycopg.connect(**server, dbname=name, autocommit=True) as db:
                old_title = db.execute(
                    "SELECT title FROM seminars_seminar WHERE slug = %s", (slug,)
                ).fetchone()[0]
            warm(site, title=old_title)

            forwarder.cut()
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", forwarder.port), timeout=2).close()
            phase = len(site.answers)

            def cached_round():
                for path in CACHED:
                    assert_cached(site, site.get(path), stale_allowed=True, title=old_title)
                return all(a.cache == "stale" for a in site.answers[-len(CACHED) :])

            # Every cached page, from the state read last, once the process has found out.
            assert until(STATE_SECONDS + MARGIN, cached_round), site.answers[-1]
            for path in (*UNCACHED, seminar):
                assert_busy(site, site.get(path))
            # An edit made meanwhile (straight into the database, as another node would)
            # is not seen yet: the page is the one from before.
            with psycopg.connect(**server, dbname=name) as db:
                db.execute(
                    "UPDATE seminars_seminar SET title = %s WHERE slug = %s", (FIRST_TITLE, slug)
                )
                db.execute(
                    "UPDATE forvaltningskultur_pagestate SET value = value + 1"
                    " WHERE name = 'content'"
                )
            cached_round()
            cut = site.answers[phase:]
            cached = [a for a in cut if a.path in CACHED]
            print("cut: " + "; ".join(map(str, cut)))
            # A refused connection is answered at once: no cached page waits for it.
            assert max(a.seconds for a in cached) < QUICK, [str(a) for a in cached]

            forwarder.resume()
            resumed = time.monotonic()
            fresh = until(
                RETRY_SECONDS + MARGIN,
                lambda: FIRST_TITLE in (a := site.get("/seminarier/")).text and a.cache != "stale",
            )
            print(f"fresh again {time.monotonic() - resumed:.1f} s after the forwarder resumed")
            assert fresh, f"{site.answers[-1]}\n{site.log_tail()}"
            for path in (*UNCACHED, seminar):
                answer = site.get(path)
                assert answer.status == 200, f"{answer}\n{site.log_tail()}"
            shows(site.get(seminar), FIRST_TITLE)
            assert site.get("/").cache != "stale"
            site.no_500()
    finally:
        forwarder.cut()
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()
