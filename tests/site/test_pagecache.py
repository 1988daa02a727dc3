"""The page cache: fast for anonymous visitors, never stale, never shared secrets."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from tests.seminars.factories import make_seminar

pytestmark = pytest.mark.django_db


def token_of(response):
    return re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    ).group(1)


def test_second_anonymous_request_is_served_from_the_cache(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    first = client.get("/om/")
    second = client.get("/om/")
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_an_edit_is_visible_at_once(client):
    page = Page.objects.create(slot="om", title="Gammal rubrik", status=Status.PUBLISHED)
    client.get("/om/")
    page.title = "Ny rubrik"
    page.save()
    body = client.get("/om/").content.decode()
    assert "Ny rubrik" in body and "Gammal rubrik" not in body


def test_unpublishing_removes_the_page_at_once(client):
    page = Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    assert client.get("/om/").status_code == 200
    page.status = Status.DRAFT
    page.save()
    assert client.get("/om/").status_code == 404


def test_a_scheduled_page_appears_when_its_time_comes_without_any_save(client):
    later = timezone.now() + dt.timedelta(hours=3)
    Page.objects.create(slot="kakor", title="Schemalagd", status=Status.PUBLISHED, publish_at=later)
    assert "/kakor/" not in client.get("/sitemap.xml").content.decode()
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    with time_machine.travel(later + dt.timedelta(seconds=1)):
        assert "/kakor/" in client.get("/sitemap.xml").content.decode()


def test_seats_left_follow_the_sign_ups(client):
    seminar = make_seminar(capacity=3)
    assert "3 platser kvar av 3" in client.get(seminar.get_absolute_url()).content.decode()
    from forvaltningskultur.registration import services

    services.register(seminar, {"name": "A", "email": "a@myndighet.se", "organisation": "X"})
    assert "2 platser kvar av 3" in client.get(seminar.get_absolute_url()).content.decode()


def test_a_cached_form_gets_each_visitor_their_own_working_csrf_token():
    seminar = make_seminar()
    url = seminar.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token_one = token_of(first.get(url))
    response = second.get(url)
    assert response["X-Page-Cache"] == "hit"
    token_two = token_of(response)
    assert token_two != token_one
    cookie = response.cookies[next(iter(response.cookies))]
    assert cookie.key.endswith("csrftoken")
    data = {"csrfmiddlewaretoken": token_two, "anmalan_for": seminar.pk, "name": "Bo Ek",
            "email": "bo@myndighet.se", "organisation": "Verket"}  # fmt: skip
    posted = second.post(url, data)
    assert posted.status_code == 302
    assert seminar.registrations.filter(email="bo@myndighet.se").exists()


def test_staff_never_get_cached_pages(client, staff_client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    response = staff_client.get("/om/")
    assert "X-Page-Cache" not in response


def test_conditional_request_gets_304(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    etag = client.get("/om/")["ETag"]
    assert client.get("/om/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@override_settings(PAGE_CACHE=False)
def test_cache_can_be_switched_off(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    assert "X-Page-Cache" not in client.get("/om/")


def test_a_hit_keeps_a_visitors_sound_csrf_cookie(client):
    from django.conf import settings

    seminar = make_seminar()
    url = seminar.get_absolute_url()
    first = client.get(url)
    secret = first.cookies[settings.CSRF_COOKIE_NAME].value
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.cookies[settings.CSRF_COOKIE_NAME].value == secret
    assert second["X-Frame-Options"] == "DENY"


def test_a_hit_gets_a_fresh_csp_nonce_in_header_and_body(rf):
    from forvaltningskultur.pagecache import PageCacheMiddleware

    entry = {
        "body": b'<script nonce="gammal">x()</script>',
        "headers": [
            ("Content-Type", "text/html"),
            ("Content-Security-Policy", "script-src 'self' 'nonce-gammal'"),
        ],
        "etag": "e",
        "has_form": False,
        "nonce": "gammal",
        "encoded": {},
    }
    response = PageCacheMiddleware._from_cache(rf.get("/"), entry)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert nonce != "gammal"
    assert f'<script nonce="{nonce}">'.encode() in response.content


def test_a_download_count_leaves_the_cached_pages_alone(client):
    from dilemmas import downloads
    from tests.dilemmas.factories import make_dilemma

    dilemma = make_dilemma("Gåvan")
    client.get("/om/")
    client.get("/dilemman/")
    downloads.record(dilemma=dilemma)
    assert client.get("/dilemman/")["X-Page-Cache"] == "hit"


def test_a_changed_many_to_many_link_is_visible_at_once(client):
    from dilemmas.models import Theme
    from tests.dilemmas.factories import make_dilemma

    dilemma = make_dilemma("Jävet", themes=("jav",))
    theme = Theme.objects.get(slug="jav")
    assert f"?tema={theme.slug}" in client.get(dilemma.get_absolute_url()).content.decode()
    assert client.get(dilemma.get_absolute_url())["X-Page-Cache"] == "hit"
    dilemma.themes.clear()  # m2m only: no save of the dilemma itself
    assert f"?tema={theme.slug}" not in client.get(dilemma.get_absolute_url()).content.decode()


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_it(client):
    import gzip

    import brotli

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    plain = client.get("/om/").content
    as_brotli = client.get("/om/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    as_gzip = client.get("/om/", HTTP_ACCEPT_ENCODING="gzip;q=1.0, br;q=0")
    unasked = client.get("/om/")
    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.content) == plain
    assert len(as_brotli.content) < len(plain) / 2
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.content) == plain
    assert "Content-Encoding" not in unasked and unasked.content == plain
    for response in (as_brotli, as_gzip, unasked):
        assert "Accept-Encoding" in response["Vary"]
    # Each form of the page has its own ETag, and each answers 304 to its own.
    etags = {as_brotli["ETag"], as_gzip["ETag"], unasked["ETag"]}
    assert len(etags) == 3
    again = client.get("/om/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=as_brotli["ETag"])
    assert again.status_code == 304
    other = client.get("/om/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=as_gzip["ETag"])
    assert other.status_code == 200


def test_a_page_with_a_form_is_never_compressed_with_someone_elses_token(client):
    seminar = make_seminar()
    client.get(seminar.get_absolute_url())
    response = client.get(seminar.get_absolute_url(), HTTP_ACCEPT_ENCODING="br, gzip")
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in response
    assert token_of(response)


def test_a_fresh_csrf_token_is_what_django_would_make(rf):
    from django.middleware.csrf import _unmask_cipher_token

    from forvaltningskultur.pagecache import _csrf_token_for

    secrets_seen, tokens_seen = set(), set()
    for _ in range(200):
        secret, token = _csrf_token_for(rf.get("/"))
        assert re.fullmatch(r"[a-zA-Z0-9]{32}", secret)
        assert re.fullmatch(r"[a-zA-Z0-9]{64}", token)
        assert _unmask_cipher_token(token) == secret
        secrets_seen.add(secret)
        tokens_seen.add(token)
    assert len(secrets_seen) == len(tokens_seen) == 200
    # All 62 characters turn up: none is left out by the way bytes become characters.
    assert len({c for s in secrets_seen for c in s}) == 62


def test_the_publish_now_action_shows_the_case_at_once(client, admin_client):
    from tests.dilemmas.factories import make_dilemma

    draft = make_dilemma("Nyss publicerad", status=Status.DRAFT)
    client.get("/dilemman/")
    assert client.get("/dilemman/")["X-Page-Cache"] == "hit"
    admin_client.post(
        "/admin/dilemmas/dilemma/", {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    assert "Nyss publicerad" in client.get("/dilemman/").content.decode()
    assert "Nyss publicerad" in client.get("/sok/?q=publicerad").content.decode()


@pytest.fixture
def shared_cache_reads(monkeypatch):
    """The keys the page cache asks the shared cache (Django's, Redis in production) for."""
    from forvaltningskultur import pagecache

    asked = []
    real_get = pagecache.cache.get

    def get(key, *args, **kwargs):
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(pagecache.cache, "get", get)
    return asked


def test_a_process_serves_its_recent_pages_without_asking_the_shared_cache(
    client, shared_cache_reads
):
    page = Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    first = client.get("/om/")
    assert len(shared_cache_reads) == 1  # a miss: rendered, stored in both
    for _ in range(3):
        hit = client.get("/om/")
        assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    assert len(shared_cache_reads) == 1
    page.title = "Ny rubrik"
    page.save()
    assert "Ny rubrik" in client.get("/om/").content.decode()  # a new version, a new key


def test_a_page_another_process_stored_is_fetched_once_then_kept(client, shared_cache_reads):
    from forvaltningskultur.pagecache import recent

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    recent.clear()  # as if another process (or node) had rendered it
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert len(shared_cache_reads) == 2  # the miss, then once from the shared cache


def test_a_process_keeps_no_more_than_its_share(client, settings, shared_cache_reads):
    from forvaltningskultur.pagecache import recent

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    Page.objects.create(slot="kontakt", title="Kontakt", status=Status.PUBLISHED)
    client.get("/om/")
    one_page = recent.bytes  # plain and compressed, with its headers
    assert one_page > 0
    settings.PAGE_CACHE_PROCESS_BYTES = one_page * 3 // 2  # room for one such page
    client.get("/kontakt/")  # takes the room: the page used longest ago goes
    assert recent.bytes <= settings.PAGE_CACHE_PROCESS_BYTES
    asked = len(shared_cache_reads)
    assert client.get("/om/")["X-Page-Cache"] == "hit"  # from the shared cache again
    assert len(shared_cache_reads) == asked + 1

    settings.PAGE_CACHE_PROCESS_BYTES = 0  # off: every hit asks the shared cache
    recent.clear()
    for _ in range(2):
        assert client.get("/kontakt/")["X-Page-Cache"] == "hit"
    assert len(shared_cache_reads) == asked + 3
    assert recent.bytes == 0


def test_a_change_saved_while_the_next_boundary_is_computed_is_not_undone(monkeypatch):
    from forvaltningskultur import pagecache
    from forvaltningskultur.models import SiteVersion

    pagecache.bump()  # a change: the version is new, its boundary not yet known
    before = SiteVersion.objects.get(pk=1).number
    real = pagecache.next_boundary

    def an_editor_saves_meanwhile(now=None):
        monkeypatch.setattr(pagecache, "next_boundary", real)
        pagecache.bump()
        return real(now)

    monkeypatch.setattr(pagecache, "next_boundary", an_editor_saves_meanwhile)
    version = pagecache.current_version()
    stored = SiteVersion.objects.get(pk=1)
    assert version == stored.number > before  # not back to the version before the save
    assert stored.valid_until_us is not None  # and its boundary is known now
    assert pagecache.current_version() == version


def test_a_migrate_starts_the_page_cache_afresh(client):
    """Run once per release: pages cached by the previous release (its markup, its static
    file names) are not served by the new one."""
    from django.core.management import call_command

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    call_command("migrate", verbosity=0)
    assert "X-Page-Cache" not in client.get("/om/")


def test_a_process_keeps_a_page_no_longer_than_the_shared_cache(
    client, monkeypatch, shared_cache_reads
):
    from forvaltningskultur.pagecache import PAGE_TIMEOUT, recent

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    now = [1000.0]
    monkeypatch.setattr(recent, "clock", lambda: now[0])
    client.get("/om/")
    client.get("/om/")
    assert len(shared_cache_reads) == 1
    now[0] += PAGE_TIMEOUT + 1
    client.get("/om/")  # gone from the process: asked of the shared cache again
    assert len(shared_cache_reads) == 2
