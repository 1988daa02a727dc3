"""The sign-up day in production: one client address behind the proxy, honest limits,
bad input answered with 400, a locked database answered with a Swedish page."""

import re
import sqlite3
import threading
import time
from io import StringIO
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection
from django.test import RequestFactory

from forvaltningskultur.clientip import client_ip
from forvaltningskultur.registration import forms as signup_forms

from .conftest import post_signup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left one was made up
        (2, "203.0.113.9, 192.0.2.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # did not pass both proxies
        (1, "inte-en-adress", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_is_read_from_the_right_of_x_forwarded_for(settings, count, forwarded, expected):
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def _post_from(client, event, data, address):
    """A sign-up that reached us through the proxy, from `address`."""
    return post_signup(client, event, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def test_fifty_colleagues_behind_one_address_all_get_in_and_a_flood_does_not(
    client, settings, make_event, person
):
    settings.PROXY_COUNT = 1
    event = make_event(capacity=200)
    for i in range(50):
        response = _post_from(client, event, person(f"kollega{i}@myndighet.se"), "203.0.113.9")
        assert response.status_code == 302, i
    statuses = [
        _post_from(client, event, person(f"flod{i}@x.se"), "203.0.113.9").status_code
        for i in range(60)
    ]
    assert 429 in statuses
    refused = _post_from(client, event, person("sist@x.se"), "203.0.113.9")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Det har kommit många anmälningar härifrån på kort tid." in page
    assert "sist@x.se" in page  # what they typed is kept
    # Another agency, behind the same proxy, is not affected.
    assert _post_from(client, event, person("annan@verket.se"), "198.51.100.4").status_code == 302


def test_a_form_sent_faster_than_a_person_can_is_refused_and_kept(
    client, settings, make_event, person
):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    event = make_event()
    started = signup_forms.started_stamp()
    response = post_signup(client, event, person(started=started))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Formuläret skickades ovanligt snabbt." in page
    assert "Anna Andersson" in page
    assert not event.registrations.exists()
    earlier = signup_forms.started_stamp(time.time() - 10)
    assert post_signup(client, event, person(started=earlier)).status_code == 302


def test_the_page_carries_the_time_it_was_shown(client, settings, make_event, person):
    settings.REGISTRATION_MIN_FILL_SECONDS = 2
    event = make_event()
    page = client.get(event.get_absolute_url()).content.decode()
    (started,) = re.findall(
        r'<input type="hidden" name="(?:[\w-]+-)?started" value="([^"]+)"', page
    )
    assert post_signup(client, event, person(started=started)).status_code == 400
    time.sleep(2.1)
    assert post_signup(client, event, person(started=started)).status_code == 302


# --- bad input ------------------------------------------------------------------

PUBLIC_PATHS = [
    "/",
    "/seminarier/",
    "/seminarier/arkiv/",
    "/kurser/",
    "/dilemman/",
    "/etiska-koder/",
    "/kronikor/",
    "/kronikor/feed/",
    "/sok/",
    "/om/",
    "/dilemman/paket/",
    "/sitemap.xml",
]


@pytest.mark.backend
@pytest.mark.parametrize("query", ["q=korruption%00", "q=%FF%FE", "tema=%00", "sida=%C3"])
def test_nul_and_invalid_utf8_in_any_parameter_give_400(client, query):
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    assert len(pages) > 20
    for path in sorted(set(PUBLIC_PATHS) | pages):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert "Felaktig begäran" in response.content.decode()


@pytest.mark.backend
def test_nul_in_a_form_field_gives_400(client, make_event, person):
    event = make_event()
    response = post_signup(client, event, person(name="Anna\x00"))
    assert response.status_code == 400
    assert not event.registrations.exists()


@pytest.mark.backend
def test_an_overlong_user_name_at_login_gives_400(client):
    response = client.post("/admin/login/", {"username": "x" * 256, "password": "y"})
    assert response.status_code == 400
    assert "Användarnamnet är för långt." in response.content.decode()


# --- a locked database ------------------------------------------------------------


def _hold_write_lock(seconds, ready):
    """Another process's migration: the registrations' table locked for a while."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        other = sqlite3.connect(settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        other = psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
        )
        other.execute("LOCK TABLE seminars_seminarregistration IN ACCESS EXCLUSIVE MODE")
    ready.set()
    time.sleep(seconds)
    other.rollback() if connection.vendor != "sqlite" else other.execute("ROLLBACK")
    other.close()


@pytest.mark.backend
@pytest.mark.django_db(transaction=True)
def test_a_locked_database_gives_a_swedish_try_again_page_with_the_form_kept(
    client, settings, person
):
    from tests.seminars.factories import make_seminar

    event = make_seminar()
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(settings.DB_LOCK_TIMEOUT + 5, ready))
    holder.start()
    ready.wait(10)
    began = time.monotonic()
    try:
        response = post_signup(client, event, person())
        elapsed = time.monotonic() - began
    finally:
        holder.join()
    assert response.status_code == 503
    page = response.content.decode()
    # SQLite reads on while a writer holds the lock: the event page with its form.
    # PostgreSQL's table lock (as ALTER TABLE takes) stops reads too: the plain page.
    assert (
        "Just nu är det många som anmäler sig samtidigt" in page
        or "Just nu är det många som använder webbplatsen samtidigt" in page
    )
    assert "Anna Andersson" in page and "anna@myndighet.se" in page
    assert elapsed < settings.DB_LOCK_TIMEOUT + 3
    assert post_signup(client, event, person()).status_code == 302  # and later it works


def test_healthz_says_503_within_two_seconds_when_the_database_hangs(client, monkeypatch):
    from forvaltningskultur import views

    monkeypatch.setattr(views, "_database_answers", lambda: time.sleep(6) or True)
    began = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert time.monotonic() - began < views.HEALTH_TIMEOUT + 0.5
    views._health["executor"].submit(lambda: None).result(timeout=10)  # let it drain


def test_a_request_without_an_address_has_none(settings):
    from django.http import HttpRequest

    settings.PROXY_COUNT = 1
    assert client_ip(HttpRequest()) is None  # django-axes stores no address, not a word
