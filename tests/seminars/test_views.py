"""Public seminar pages, calendars, sitemap and the start page block."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from forvaltningskultur import dates

from .factories import make_film, make_seminar

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _past(**kw):
    start = timezone.now() - 30 * DAY
    return make_seminar(starts_at=start, ends_at=start + dt.timedelta(hours=2), **kw)


def test_list_shows_upcoming_nearest_first_with_state(client):
    far = make_seminar(title="Senare", starts_at=timezone.now() + 20 * DAY)
    near = make_seminar(title="Snart", starts_at=timezone.now() + 2 * DAY, capacity=0)
    make_seminar(title="Inställt möte", is_cancelled=True)
    make_seminar(title="Utkastet", published=False)
    _past(title="Förra året")
    html = client.get("/seminarier/").content.decode()
    assert html.index("Snart") < html.index("Senare")
    assert "Fullbokat – väntelista" in html and "Platser kvar" in html and "Inställt" in html
    assert "Utkastet" not in html and "Förra året" not in html
    from forvaltningskultur import dates

    assert dates.long_range(near.starts_at, near.ends_at) in html
    assert far.get_absolute_url() in html


def test_archive_by_year_with_films(client, django_assert_max_num_queries):
    old = _past(title="Gammalt seminarium")
    make_film(old, title="Föreläsningen om tillit")
    make_film(old, title="Otextad film", captions=False)
    make_seminar(title="Framtida mötet")
    with django_assert_max_num_queries(5):
        html = client.get("/seminarier/arkiv/").content.decode()
    assert f'<h2 id="ar-{old.starts_at.year}">' in html
    assert "Föreläsningen om tillit" in html
    assert "Otextad film" not in html and "Framtida mötet" not in html


def test_detail_upcoming_has_form_and_speakers(client):
    seminar = make_seminar()
    seminar.speakers.create(
        name="Eva Ek", title="professor", organisation="Uppsala universitet", order=1
    )
    seminar.speakers.create(name="Per Al", order=0)
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert html.index("Per Al") < html.index("Eva Ek")
    assert 'autocomplete="email"' in html and 'href="/personuppgifter/"' in html
    assert "filmas och filmen publiceras" in html
    assert "checked" not in html
    assert 'name="dietary_needs"' in html


def test_online_seminar_has_no_dietary_field_and_hides_the_link(client):
    seminar = make_seminar(is_online=True, venue="", online_url="https://meet.example.se/x")
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert 'name="dietary_needs"' not in html
    assert "meet.example.se" not in html
    assert "Länken skickas till dig som är anmäld" in html


def test_waitlist_is_announced_before_submitting(client):
    seminar = make_seminar(capacity=0)
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert "hamnar du på väntelistan" in html and "Anmäl mig till väntelistan" in html


def test_past_seminar_shows_film_with_captions_and_transcript(client):
    seminar = _past()
    film = make_film(seminar)
    response = client.get(seminar.get_absolute_url())
    html = response.content.decode()
    assert 'name="email"' not in html
    assert film.captions.url in html and "vtt, 1\u00a0kB" in html
    assert "Det här sägs i filmen." in html
    # The external player is not in the page: only a button and a link to it.
    assert "<iframe" not in html and "youtube-nocookie.com/embed" in html
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_uploaded_mp4_gets_a_video_element_with_swedish_track(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    seminar = _past()
    film = make_film(seminar, external_url="")
    film.video = ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, name="f.mp4")
    film.save()
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert "<video" in html and 'kind="captions" srclang="sv"' in html


def test_draft_is_404_for_public_and_preview_for_staff(staff_client):
    from django.test import Client

    seminar = make_seminar(published=False)
    assert Client().get(seminar.get_absolute_url()).status_code == 404
    response = staff_client.get(seminar.get_absolute_url())
    assert response.status_code == 200 and "Förhandsgranskning" in response.content.decode()


def test_staff_preview_of_an_unpublished_seminar_has_no_form_that_would_404(staff_client):
    seminar = make_seminar(published=False)
    response = staff_client.get(seminar.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "Förhandsgranskning" in html
    assert "Platser kvar" in html  # the state as visitors will see it
    assert 'name="email"' not in html and "Anmäl mig" not in html
    assert (
        "Anmälningsformuläret visas inte i förhandsgranskningen, "
        "eftersom besökarna ännu inte kan se seminariet." in html
    )
    posted = staff_client.post(
        seminar.get_absolute_url(),
        {"name": "Anna", "email": "anna@myndighet.se", "organisation": "Verket"},
    )
    assert posted.status_code == 404
    assert seminar.registrations.count() == 0


def test_public_seminar_shows_no_preview_note(client):
    html = client.get(make_seminar().get_absolute_url()).content.decode()
    assert 'name="email"' in html and "förhandsgranskningen" not in html


def test_cancelled_seminar_stays_visible(client):
    seminar = make_seminar(is_cancelled=True)
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert "Seminariet är inställt." in html and 'name="email"' not in html


def test_single_calendar_parsed_back(client):
    seminar = make_seminar()
    response = client.get(seminar.get_calendar_url())
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == seminar.title
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert calendar.walk("VTIMEZONE")
    assert str(event["URL"]) == f"http://testserver{seminar.get_absolute_url()}"
    assert client.get(make_seminar(published=False).get_calendar_url()).status_code == 404


def test_feed_has_upcoming_and_cancelled_not_drafts(client):
    a = make_seminar(title="Ett")
    b = make_seminar(title="Två", is_cancelled=True)
    make_seminar(title="Utkast", published=False)
    calendar = icalendar.Calendar.from_ical(client.get("/seminarier/kalender.ics").content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Ett", "Två"}
    assert str(events["Två"]["STATUS"]) == "CANCELLED"
    assert events["Ett"]["UID"] != events["Två"]["UID"]
    assert calendar["X-WR-CALNAME"]
    assert a.pk and b.pk


def test_start_page_shows_next_seminars(client):
    make_seminar(title="Nästa seminarium")
    make_seminar(title="Hemligt utkast", published=False)
    html = client.get("/").content.decode()
    assert "Nästa seminarium" in html and "Hemligt utkast" not in html


def test_start_page_empty_state(client):
    assert "Inga seminarier är planerade just nu." in client.get("/").content.decode()


def test_sitemap_lists_published_seminars(client):
    seminar = make_seminar()
    draft = make_seminar(published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{seminar.get_absolute_url()}" in xml
    assert draft.get_absolute_url() not in xml
    assert "/seminarier/arkiv/" in xml


def test_search_document_has_speakers_and_the_date_in_words():
    seminar = make_seminar(body="<p>Om <strong>jäv</strong></p>")
    seminar.speakers.create(name="Eva Ek")
    document = seminar.search_document()
    assert "jäv" in document.body and "<" not in document.body
    assert "Eva Ek" in document.meta
    assert dates.long_date(seminar.starts_at) in document.meta


def test_list_is_paginated_nearest_first(client):
    base = timezone.now() + dt.timedelta(days=3)
    for n in range(25):
        make_seminar(title=f"Seminarium dag {n:02d}", starts_at=base + dt.timedelta(days=n))
    first = client.get("/seminarier/").content.decode()
    assert first.count('class="card-item') == 20
    assert first.index("Seminarium dag 00") < first.index("Seminarium dag 19")
    assert "Seminarium dag 20" not in first
    second = client.get("/seminarier/", {"sida": 2}).content.decode()
    assert second.count('class="card-item') == 5 and "Seminarium dag 24" in second
