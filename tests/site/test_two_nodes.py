"""Several machines: two web processes (gunicorn, production settings, behind one proxy)
on different ports, sharing one PostgreSQL database and one Redis (CACHE_URL), and one
worker (`manage.py run_huey`), checked over HTTP as a person would check them: by the
text the pages show.

- An edit saved in admin through one node shows through the other.
- A sign-up through one node changes the seat count the other shows.
- Both within the page cache's freshness bound: the node that made the change shows it
  at once, the other within STATE_SECONDS (DJANGO_PAGE_CACHE_STATE_SECONDS, given to
  both nodes) plus a second for the request itself. How long it took is printed and
  recorded (junit's properties).
- Rate limits and lockouts count across both nodes: reached at the same total as through
  one node.

Needs PostgreSQL (DATABASE_URL) and Redis (CACHE_URL); uses neither of their databases
itself: it makes a database of its own on that server (and drops it) and uses Redis
database REDIS_DB, emptied before and after. `make test` runs these tests (marker
`nodes`) when both answer; CI always does.
"""

import logging
import os
import re
import subprocess
import sys
import time
import urllib.parse
import uuid
from contextlib import ExitStack
from html.parser import HTMLParser

import psycopg
import pytest
import redis
from aiosmtpd.controller import Controller
from psycopg import sql

from forvaltningskultur.registration.ratelimit import DEFAULT_LIMITS
from tests.gunicorn import ROOT, fetch, free_port, prepare, production_env, serving
from tests.site.test_roles_served import PASSWORD, Staff
from tests.visible import VisibleText

pytestmark = pytest.mark.nodes

# The page cache's freshness bound across processes, in seconds: what the nodes are
# given as DJANGO_PAGE_CACHE_STATE_SECONDS. Tighten it here.
STATE_SECONDS = 1.0
# How long a request may take on top of the bound (a busy CI machine, two cores).
REQUEST_SECONDS = 1.0
BOUND = STATE_SECONDS + REQUEST_SECONDS
REDIS_DB = 12  # not the tests' own (CACHE_URL's): their fixtures empty that one
OPEN_UP = (
    "from seminars.models import Seminar; from django.utils import timezone;"
    "Seminar.objects.filter(starts_at__gt=timezone.now()).update(capacity=1000,"
    " signup_opens_at=None, signup_closes_at=None, is_cancelled=False)"
)
SEATS = re.compile(r"(\d+) platser kvar av (\d+)\.")
TOO_MANY = "Det har kommit många anmälningar härifrån på kort tid."
LOCKED = "Inloggningen är spärrad"
WRONG_PASSWORD = "fel-losenord-1234"


# --- What a person sees -------------------------------------------------------


class FormFields(HTMLParser):
    """What a browser submits from the form with id `form_id` (no button): every named
    field with its value; files left empty, unchecked boxes left out, a select's
    selected options or else its first."""

    def __init__(self, html, form_id):
        super().__init__()
        self.form_id, self.fields, self._in_form = form_id, [], False
        self._textarea = self._select = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
        elif not self._in_form:
            return
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif not attrs.get("name"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                (attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea":
            self._textarea = (attrs["name"], [])
        elif tag == "select":
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs}
            self._select.update(options=[], selected=[])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops one newline right after <textarea>.
            self.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            self.fields += [(select["name"], value) for value in chosen]
            self._select = None


def visible(base, path):
    """What an anonymous visitor's GET shows (VisibleText), with .status and .cache (the
    X-Page-Cache header)."""
    response = fetch(base + path)
    html = response.read().decode("utf-8", "replace")
    page = VisibleText(html)
    page.status, page.cache = response.status, response.headers.get("X-Page-Cache")
    return page


def until(base, path, shown, since, seconds):
    """Poll `path` until shown(page) holds: the seconds from `since` (a monotonic time)
    until it did, or None if it still did not `seconds` after `since`."""
    while True:
        page = visible(base, path)
        if shown(page):
            return time.monotonic() - since
        if time.monotonic() - since > seconds:
            return None
        time.sleep(0.05)


def cached(base, path):
    """Ask until the page comes from the cache: a stale copy would be there to serve."""
    for _ in range(20):
        if visible(base, path).cache == "hit":
            return
        time.sleep(0.05)
    pytest.fail(f"{path} never came from the page cache of {base}")


# --- The nodes ------------------------------------------------------------------


class Inbox:
    """The SMTP server's handler: whom the worker sent mail to."""

    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


class Nodes:
    """The two nodes' base URLs and the mail the worker sent."""

    def __init__(self, a, b, inbox):
        self.a, self.b, self.inbox = a, b, inbox

    def seminar_paths(self):
        """The upcoming seminars (their pages have a sign-up form), in list order."""
        response = fetch(self.a + "/seminarier/")
        html = response.read().decode()
        paths = dict.fromkeys(re.findall(r'href="(/seminarier/[a-z0-9-]+/)"', html))
        return [p for p in paths if p != "/seminarier/arkiv/" and "anmalan_for" in page(self.a, p)]


def page(base, path):
    return fetch(base + path).read().decode("utf-8", "replace")


def _servers():
    # Deselected without both (tests/conftest.py); `make test` runs it when both answer.
    return os.environ["DATABASE_URL"], os.environ["CACHE_URL"]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    database_url, cache_url = _servers()
    tmp = tmp_path_factory.mktemp("nodes")
    name = f"fk_two_nodes_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    parts = urllib.parse.urlsplit(cache_url)
    assert parts.path.strip("/") != str(REDIS_DB), "CACHE_URL uses the nodes' Redis database"
    own_redis = urllib.parse.urlunsplit(parts._replace(path=f"/{REDIS_DB}", query=""))
    own_database = urllib.parse.urlunsplit(
        urllib.parse.urlsplit(database_url)._replace(path="/" + name, query="")
    )
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    redis.Redis.from_url(own_redis).flushdb()
    inbox = Inbox()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    env = production_env(
        tmp,
        DATABASE_URL=own_database,
        CACHE_URL=own_redis,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        DJANGO_PROXY_COUNT="1",
        REGISTRATION_MIN_FILL_SECONDS="0",
        DJANGO_PAGE_CACHE_STATE_SECONDS=str(STATE_SECONDS),
    )
    try:
        prepare(env, commands=(["shell", "-c", OPEN_UP],))
        smtp.start()
        with ExitStack() as stack, open(tmp / "worker.log", "w") as worker_log:
            stack.callback(smtp.stop)
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "run_huey"],
                cwd=ROOT,
                env=env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(worker.wait, timeout=20)
            stack.callback(worker.terminate)
            a = stack.enter_context(serving(tmp, env, name="node-a"))
            b = stack.enter_context(serving(tmp, env, name="node-b"))
            yield Nodes(a, b, inbox)
            assert worker.poll() is None, (tmp / "worker.log").read_text()[-3000:]
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        redis.Redis.from_url(own_redis).flushdb()


def _signup_form(base, path):
    """The sign-up form's hidden fields, as a browser that loaded `path` holds them."""
    forms = re.findall(r"<form\b.*?</form>", page(base, path), re.S)
    form = next(f for f in forms if 'name="anmalan_for"' in f)
    return dict(FormFields(f'<form id="s">{form}</form>', "s").fields)


def _visitor(base, path):
    """A browser that has loaded `path`: it holds the cookie the page set, if it set one
    (a CSRF cookie today; none once public forms check Sec-Fetch-Site and Origin)."""
    visitor = Staff(base)
    visitor.get(path)
    return visitor


def _sign_up(visitor, path, form, email, address):
    """A sign-up as a browser posts it: Origin, Sec-Fetch-Site and the page's cookie, if
    any, sent back."""
    response, html = visitor.post(
        path,
        {**form, "name": "Deltagare", "email": email, "organisation": "Myndigheten"},
        headers={"X-Forwarded-For": address, "Sec-Fetch-Site": "same-origin"},
    )
    return response.status, VisibleText(html).text


def _report(record_property, what, seconds):
    record_property(what, f"{seconds:.2f}")
    print(f"\n{what}: {seconds:.2f} s (bound {STATE_SECONDS} s + {REQUEST_SECONDS} s)")


# --- The tests ------------------------------------------------------------------


def test_an_edit_in_admin_through_one_node_shows_through_the_other(nodes, record_property):
    path = nodes.seminar_paths()[0]
    editor = Staff(nodes.a)
    response, html = editor.login("redaktor", headers={"X-Forwarded-For": "198.51.100.20"})
    assert response.status == 302, VisibleText(html).text[:500]
    _response, listing = editor.get("/admin/seminars/seminar/")
    slug = path.split("/")[2]
    for change in dict.fromkeys(
        re.findall(r'href="(/admin/seminars/seminar/\d+/change/)', listing)
    ):
        _response, form_html = editor.get(change)
        fields = dict(FormFields(form_html, "seminar_form").fields)
        if fields.get("slug") == slug:
            break
    else:
        pytest.fail(f"no change form in admin for {slug}")
    before = visible(nodes.b, path).headings
    for node in (nodes.a, nodes.b):
        cached(node, path)
        cached(node, "/seminarier/")

    title = f"Ändrad rubrik {uuid.uuid4().hex[:6]}"
    response, html = editor.post(change, {**fields, "title": title, "_save": "Spara"})
    assert response.status == 302, VisibleText(html).text[-2000:]
    saved = time.monotonic()

    # The node that saved it shows it at once; the other within the bound, on the
    # seminar's page and in the list.
    assert title in visible(nodes.a, path).headings
    assert title in visible(nodes.a, "/seminarier/").text
    took = until(nodes.b, path, lambda p: title in p.headings, saved, BOUND)
    assert took is not None, f"node B still shows {before} {time.monotonic() - saved:.1f} s later"
    _report(record_property, "edit visible through the other node after", took)
    took = until(nodes.b, "/seminarier/", lambda p: title in p.text, saved, BOUND)
    assert took is not None, "node B's seminar list does not show the new title"
    _report(record_property, "edit visible in the other node's list after", took)


def test_a_sign_up_through_one_node_changes_the_seats_the_other_shows(nodes, record_property):
    path = nodes.seminar_paths()[0]
    shown = SEATS.search(visible(nodes.b, path).text)
    assert shown, "no seat count on " + path
    seats, capacity = int(shown.group(1)), int(shown.group(2))
    cached(nodes.b, path)
    cached(nodes.a, path)
    after = f"{seats - 1} platser kvar av {capacity}."

    email = f"plats-{uuid.uuid4().hex[:6]}@myndighet.se"
    form = _signup_form(nodes.a, path)
    status, text = _sign_up(_visitor(nodes.a, path), path, form, email, "198.51.100.30")
    assert status == 302, text[-1000:]

    signed_up = time.monotonic()
    assert after in visible(nodes.a, path).text  # the node that took it, at once
    took = until(nodes.b, path, lambda p: after in p.text, signed_up, BOUND)
    assert took is not None, (
        f"node B does not show “{after}”: {SEATS.findall(visible(nodes.b, path).text)}"
    )
    _report(record_property, "seat count changed on the other node after", took)

    # The one worker sent the confirmation once.
    deadline = time.monotonic() + 30
    while email not in nodes.inbox.recipients and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    assert nodes.inbox.recipients.count(email) == 1


def _hammer(nodes, path, address, through):
    """Sign-ups from one client address, each with its own e-mail address, through the
    nodes in `through` in turn, until one is refused: how many got in."""
    form = _signup_form(nodes.a, path)
    visitors = [_visitor(base, path) for base in through]
    limit = DEFAULT_LIMITS["ip"][0]
    for number in range(limit + 5):
        email = f"flod-{address.replace('.', '-')}-{number}@myndighet.se"
        status, text = _sign_up(visitors[number % len(visitors)], path, form, email, address)
        if status != 302:
            assert status == 429, text[-1000:]
            assert TOO_MANY in text
            return number
    pytest.fail(f"{limit + 5} sign-ups from {address}, none refused")


def test_rate_limits_count_across_both_nodes(nodes):
    path = nodes.seminar_paths()[-1]
    through_one = _hammer(nodes, path, "203.0.113.10", [nodes.a])
    through_both = _hammer(nodes, path, "203.0.113.11", [nodes.a, nodes.b])
    assert through_both == through_one == DEFAULT_LIMITS["ip"][0]


def _guess(base, address, password=None):
    response, html = Staff(base).login(
        "redaktor", password=password or WRONG_PASSWORD, headers={"X-Forwarded-For": address}
    )
    return response.status, VisibleText(html).text


def test_lockouts_count_across_both_nodes(nodes):
    through_one = [_guess(nodes.a, "203.0.113.20")[0] for _ in range(5)]
    through_both = [_guess((nodes.a, nodes.b)[i % 2], "203.0.113.21")[0] for i in range(5)]
    assert through_both == through_one == [200, 200, 200, 200, 429]
    for base in (nodes.a, nodes.b):  # locked out on both, even with the right password
        status, text = _guess(base, "203.0.113.21", password=PASSWORD)
        assert status == 429 and LOCKED in text, text[:500]
    # Another address is not locked out.
    status, _text = _guess(nodes.b, "198.51.100.40", password=PASSWORD)
    assert status == 302
