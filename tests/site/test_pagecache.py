"""The page cache: fast for anonymous visitors, never stale, the same bytes for all."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from tests.seminars.factories import make_seminar

# Run again against Redis by `make test` (CACHE_URL=redis://…, -m redis): the shared cache
# is then a server that every process and node shares, as in production.
pytestmark = [pytest.mark.django_db, pytest.mark.redis]


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
    from forvaltningskultur.pagecache import store

    asked = []
    real_get = store.cache.get

    def get(key, *args, **kwargs):
        if key.startswith("page:"):
            asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(store.cache, "get", get)
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
    client.get("/kontakt/")
    one_page = recent.bytes // 2  # plain and compressed, with its headers
    assert one_page > 0
    settings.PAGE_CACHE_PROCESS_BYTES = one_page * 3 // 2  # room for one such page
    recent.clear()  # a process started with that budget
    asked = len(shared_cache_reads)
    assert client.get("/om/")["X-Page-Cache"] == "hit"  # from the shared cache, kept
    assert client.get("/kontakt/")["X-Page-Cache"] == "hit"  # takes the room
    assert 0 < recent.bytes <= settings.PAGE_CACHE_PROCESS_BYTES
    assert client.get("/om/")["X-Page-Cache"] == "hit"  # gone: the shared cache again
    assert len(shared_cache_reads) == asked + 3

    settings.PAGE_CACHE_PROCESS_BYTES = 0  # off: every hit asks the shared cache
    recent.clear()
    for _ in range(2):
        assert client.get("/kontakt/")["X-Page-Cache"] == "hit"
    assert len(shared_cache_reads) == asked + 5
    assert recent.bytes == 0


def test_a_migrate_starts_the_page_cache_afresh(client):
    """Run once per release: pages cached by the previous release (its markup, its static
    file names) are not served by the new one."""
    from django.core.management import call_command

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    call_command("migrate", verbosity=0)
    assert "X-Page-Cache" not in client.get("/om/")


# --- A sign-up moves only the pages that show the event's seats ----------------------


def test_a_sign_up_changes_only_the_pages_that_show_the_events_seats(client):
    from forvaltningskultur.registration import services

    seminar = make_seminar(capacity=2, title="Fullt på onsdag")
    other = make_seminar(capacity=5, title="Ett annat seminarium")
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    pages = ["/om/", "/seminarier/", "/", other.get_absolute_url(), seminar.get_absolute_url()]
    for url in pages * 2:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in pages)

    services.register(seminar, {"name": "A", "email": "a@myndighet.se", "organisation": "X"})
    own = client.get(seminar.get_absolute_url())
    assert "X-Page-Cache" not in own  # made anew at once
    assert "1 plats kvar av 2" in own.content.decode()
    # The pages that do not show the count stay in the cache: the lists show only the
    # badge, and it has not changed.
    for url in pages[:-1]:
        assert client.get(url)["X-Page-Cache"] == "hit", url

    services.register(seminar, {"name": "B", "email": "b@myndighet.se", "organisation": "X"})
    listing = client.get("/seminarier/")
    assert "X-Page-Cache" not in listing  # now full: the badge changes
    assert "Fullbokat – väntelista" in listing.content.decode()
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_seat_freed_in_admin_shows_at_once(client, admin_client):
    from forvaltningskultur.registration import services

    seminar = make_seminar(capacity=3)
    services.register(seminar, {"name": "A", "email": "a@myndighet.se", "organisation": "X"})
    client.get(seminar.get_absolute_url())
    assert "2 platser kvar av 3" in client.get(seminar.get_absolute_url()).content.decode()
    seminar.registrations.get().delete()
    assert "3 platser kvar av 3" in client.get(seminar.get_absolute_url()).content.decode()


def test_a_new_capacity_shows_in_the_lists_at_once(client):
    seminar = make_seminar(capacity=0)
    assert "Fullbokat – väntelista" in client.get("/seminarier/").content.decode()
    seminar.capacity = 10
    seminar.save()
    body = client.get("/seminarier/").content.decode()
    assert "Fullbokat – väntelista" not in body and "Platser kvar" in body


# --- Reading a page writes nothing, and reads at most the state, once a second ---------


def test_a_hit_asks_the_database_nothing_within_the_bound(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_after_the_bound_a_hit_reads_the_state_once_and_writes_nothing(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_STATE_SECONDS = 0
    later = timezone.now() + dt.timedelta(hours=3)
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    Page.objects.create(slot="kakor", title="Kakor", status=Status.PUBLISHED, publish_at=later)
    client.get("/om/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert len(queries) == 1
    passes = time_machine.travel(later + dt.timedelta(seconds=1))  # a time boundary
    with passes, CaptureQueriesContext(connection) as queries:
        client.get("/om/")
        client.get("/om/")
    statements = [q["sql"].split()[0].upper() for q in queries]
    assert set(statements) == {"SELECT"}, statements


# --- Serve stale rather than fail -----------------------------------------------------


@pytest.fixture
def database_down(monkeypatch):
    """From now on the database does not answer (as an unreachable server)."""
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection failed: Connection refused")

    def down():
        monkeypatch.setattr(connection, "cursor", refuse)
        monkeypatch.setattr(connection, "chunked_cursor", refuse)

    return down


def test_when_the_database_does_not_answer_cached_pages_are_served(client, settings, database_down):
    settings.PAGE_CACHE_STATE_SECONDS = 0
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    database_down()
    response = client.get("/om/")
    assert response.status_code == 200 and "Om oss" in response.content.decode()
    assert response["X-Page-Cache"] == "stale"
    assert response["Cache-Control"] == "max-age=10"
    # A page that is not in the cache gets the Swedish "try again" page, not a 500.
    missing = client.get("/seminarier/")
    assert missing.status_code == 503
    assert "Försök igen om en stund" in missing.content.decode()
    assert missing["Retry-After"] == "30"


def test_a_process_that_never_read_the_state_takes_the_shared_one(client, settings, database_down):
    from forvaltningskultur.pagecache import state

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    state.reset()  # a new process, on this machine or another sharing the cache
    database_down()
    assert client.get("/om/")["X-Page-Cache"] == "stale"


# --- Keys from what the view reads -----------------------------------------------------


def test_unknown_query_parameters_make_no_entries(client):
    from forvaltningskultur.pagecache import recent

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    first = client.get("/om/")
    size = recent.bytes
    for query in ("utm_source=nyhetsbrev", "utm=2", "x=" + "å" * 1000, "fbclid=abc&y=1"):
        response = client.get("/om/?" + query)
        assert response["X-Page-Cache"] == "hit", query
        assert response.content == first.content
    assert recent.bytes == size
    canonical = 'rel="canonical" href="http://testserver/om/"'
    assert canonical in client.get("/om/?utm=3").content.decode()


def test_a_view_sees_only_the_parameters_it_declared(client, monkeypatch):
    """The view is not told what the key leaves out, so a page is never stored under a
    key that does not say what it shows."""
    from forvaltningskultur import views

    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    seen = []
    real = views.PageView.get_context_data

    def spy(self, **kwargs):
        seen.append(self.request.GET.urlencode())
        return real(self, **kwargs)

    monkeypatch.setattr(views.PageView, "get_context_data", spy)
    client.get("/om/?utm_source=nyhetsbrev&sida=2")
    assert seen == [""]


def test_declared_parameters_make_their_own_pages(client):
    from tests.dilemmas.factories import make_dilemma

    make_dilemma("Gåvan från leverantören")
    make_dilemma("Jäv i upphandlingen")
    gift = client.get("/sok/?q=leverant%C3%B6ren").content.decode()
    bias = client.get("/sok/?q=upphandlingen").content.decode()
    assert "Gåvan från leverantören" in gift and "Jäv i upphandlingen" not in gift
    assert "Jäv i upphandlingen" in bias and "Gåvan från leverantören" not in bias
    assert client.get("/sok/?q=upphandlingen&utm=1")["X-Page-Cache"] == "hit"


def test_a_long_query_is_answered_but_not_stored(client):
    from forvaltningskultur.pagecache import recent

    client.get("/sok/?q=kort")
    size = recent.bytes
    long_query = "/sok/?q=" + "förvaltning+" * 40
    assert client.get(long_query).status_code == 200
    assert "X-Page-Cache" not in client.get(long_query)
    assert recent.bytes == size


def test_only_the_sites_own_hosts_are_answered(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    client.get("/om/")
    assert client.get("/om/")["X-Page-Cache"] == "hit"
    assert client.get("/om/", HTTP_HOST="evil.example").status_code == 400
    other = client.get("/om/", HTTP_HOST="localhost")  # allowed, but its own entry
    assert other.status_code == 200 and "X-Page-Cache" not in other


def test_a_hit_varies_on_what_the_miss_varies_on(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    miss = client.get("/om/")
    hit = client.get("/om/")
    assert hit["X-Page-Cache"] == "hit"

    def vary(response):
        return {h.strip().lower() for h in response["Vary"].split(",")}

    assert vary(miss) <= vary(hit)
    assert "accept-encoding" in vary(hit)


def test_a_page_that_varies_on_something_else_is_not_stored(rf):
    from django.http import HttpResponse

    from forvaltningskultur.pagecache import PageCacheMiddleware, recent

    def view(request):
        response = HttpResponse("<p>Hej</p>", content_type="text/html")
        response["Vary"] = "User-Agent"
        return response

    middleware = PageCacheMiddleware(view)
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    middleware(rf.get("/om/"))
    assert recent.bytes == 0
    assert "X-Page-Cache" not in middleware(rf.get("/om/"))


def test_the_page_cache_tests_use_redis_when_cache_url_names_it():
    import os

    from django.core.cache import caches

    backend = type(caches["default"]).__module__
    assert ("redis" in backend) == ("redis" in os.environ.get("CACHE_URL", ""))


def test_an_event_made_without_signals_is_cached_until_its_first_sign_up(client):
    """bulk_create (the benchmark's seeding, a data import) writes no seat rows."""
    from forvaltningskultur.models import PageState
    from forvaltningskultur.registration import services

    seminar = make_seminar(capacity=3)
    PageState.objects.filter(name__startswith="seminars.seminar:").delete()
    url = seminar.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/seminarier/")
    assert client.get("/seminarier/")["X-Page-Cache"] == "hit"
    services.register(seminar, {"name": "A", "email": "a@myndighet.se", "organisation": "X"})
    assert "2 platser kvar av 3" in client.get(url).content.decode()
