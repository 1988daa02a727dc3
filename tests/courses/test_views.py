"""Public course pages: the list, a course with its occasions and its one form, calendars,
the start page block, sitemap and search. The form's choice of occasion: test_one_form.py."""

import datetime as dt
import io

import icalendar
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from courses import seed
from courses.models import Course, CourseOccasion
from forvaltningskultur import dates

from .factories import make_course, make_occasion, make_partner_course

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
PERSON = {"name": "Anna Andersson", "email": "anna@myndighet.se", "organisation": "Myndigheten"}


def _past(course, days_ago=30, **kw):
    start = timezone.now() - days_ago * DAY
    return make_occasion(course, starts_at=start, ends_at=start + dt.timedelta(hours=7), **kw)


def _post(client, occasion, data):
    """The course page's one form, with `occasion` chosen in its radio group."""
    return client.post(occasion.course.get_absolute_url(), {**data, "anmalan_for": occasion.pk})


def test_list_puts_courses_with_upcoming_occasions_first(client):
    only_past = make_course(title="A-kursen utan tillfällen")
    _past(only_past)
    later = make_course(title="B-kursen senare")
    far = make_occasion(later, starts_at=timezone.now() + 40 * DAY)
    sooner = make_course(title="C-kursen snart")
    near = make_occasion(sooner, starts_at=timezone.now() + 3 * DAY, capacity=0)
    make_course(title="D-kursen utkast", published=False)
    make_occasion(make_course(title="E-kursen med utkasttillfälle"), is_draft=True)

    html = client.get("/kurser/").content.decode()
    assert html.index("C-kursen snart") < html.index("B-kursen senare")
    assert html.index("B-kursen senare") < html.index("A-kursen utan tillfällen")
    assert "D-kursen utkast" not in html
    assert dates.long_range(near.starts_at, near.ends_at) in html
    assert dates.long_range(far.starts_at, far.ends_at) in html
    assert "Fullbokat – väntelista" in html and "Platser kvar" in html
    # The course with only a draft occasion has nothing planned as far as the public knows.
    assert html.count("Inga planerade tillfällen.") == 2


def test_course_with_only_past_occasions_offers_to_show_them(client):
    course = make_course(title="Gammal kurs")
    old = _past(course, 60)
    older = _past(course, 400, is_cancelled=True)
    html = client.get("/kurser/").content.decode()
    assert "Inga planerade tillfällen." in html
    # The list's own disclosure, in <main> (the header's "Meny" is one too).
    main = html[html.index("<main") :]
    details = main[main.index("<details") : main.index("</details>")]
    assert "Visa 2 tidigare tillfällen för ”Gammal kurs”" in details
    assert details.index(dates.long_range(old.starts_at, old.ends_at)) < details.index(
        dates.long_range(older.starts_at, older.ends_at)
    )
    assert "Inställt" in details

    page = client.get(course.get_absolute_url()).content.decode()
    assert "Inga planerade tillfällen" in page and "Tidigare tillfällen" in page
    assert 'name="anmalan_for"' not in page
    assert dates.long_range(old.starts_at, old.ends_at) in page


def test_detail_has_one_form_with_a_choice_of_the_occasions(client):
    course = make_course()
    first = make_occasion(course, starts_at=timezone.now() + 7 * DAY)
    second = make_occasion(course, starts_at=timezone.now() + 21 * DAY)
    cancelled = make_occasion(course, starts_at=timezone.now() + 14 * DAY, is_cancelled=True)
    make_occasion(course, starts_at=timezone.now() + 30 * DAY, is_draft=True)
    html = client.get(course.get_absolute_url()).content.decode()
    assert html.count("<form") == 2  # the site search's and the sign-up
    assert html.count('name="anmalan_for"') == 3  # a radio each; the cancelled one disabled
    assert html.count('id="id_name"') == 1
    for occasion in (first, second):
        assert f'id="id_anmalan_for_{occasion.pk}" value="{occasion.pk}">' in html
        assert occasion.get_calendar_url() in html
    assert f'id="id_anmalan_for_{cancelled.pk}" value="{cancelled.pk}" disabled>' in html
    assert "Inställt – kan inte väljas." in html
    assert f'id="tillfalle-{cancelled.pk}"' in html
    assert "Kurstillfället är inställt." in html
    assert cancelled.get_calendar_url() not in html
    assert html.count("<h3") == 3  # the draft occasion is not shown


def test_signup_for_the_second_occasion_lands_there(client, mailoutbox):
    course = make_course(title="Att leda samtal")
    first = make_occasion(course, starts_at=timezone.now() + 7 * DAY)
    second = make_occasion(course, starts_at=timezone.now() + 21 * DAY)
    response = _post(client, second, PERSON)
    assert response.status_code == 302
    assert first.registrations.count() == 0 and second.registrations.count() == 1
    assert mailoutbox[0].subject == f"Bekräftelse: {second.event_title()}"
    html = client.get(response.url).content.decode()
    assert html.count("Tack för din anmälan!") == 1
    assert second.event_title() in html
    assert "Du har fått en plats." in html


def test_errors_show_once_and_keep_the_choice_and_the_values(client):
    course = make_course()
    first = make_occasion(course, starts_at=timezone.now() + 7 * DAY)
    second = make_occasion(course, starts_at=timezone.now() + 21 * DAY)
    response = _post(client, first, {**PERSON, "email": "fel"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Det finns fel i formuläret") == 1
    assert 'href="#id_email"' in html
    assert 'value="Myndigheten"' in html
    assert f'id="id_anmalan_for_{first.pk}" value="{first.pk}" checked>' in html
    assert f'id="id_anmalan_for_{second.pk}" value="{second.pk}">' in html  # still to choose
    assert first.registrations.count() == second.registrations.count() == 0


# No choice at all is a person's error, told in the form (test_one_form.py).
@pytest.mark.parametrize("which", ["other_course", "draft", "past", "garbage"])
def test_post_for_an_occasion_not_on_this_page_is_404(client, which):
    course = make_course()
    make_occasion(course)
    target = {
        "other_course": lambda: make_occasion().pk,
        "draft": lambda: make_occasion(course, is_draft=True).pk,
        "past": lambda: _past(course).pk,
        "garbage": lambda: "x<script>",
    }[which]()
    response = client.post(course.get_absolute_url(), {"anmalan_for": target, **PERSON})
    assert response.status_code == 404
    assert not CourseOccasion.objects.filter(registrations__isnull=False).exists()


def test_cancelled_occasion_refuses_signup(client):
    course = make_course()
    occasion = make_occasion(course, is_cancelled=True)
    response = _post(client, occasion, PERSON)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html and "inställt" in html
    assert 'name="anmalan_for"' not in html  # nothing left to choose
    assert occasion.registrations.count() == 0


def test_partner_course_links_to_the_partners_signup_and_has_no_form(client):
    course = make_partner_course(title="Introduktionskurs")
    occasion = make_occasion(course)
    html = client.get(course.get_absolute_url()).content.decode()
    assert 'name="anmalan_for"' not in html and "Anmäl mig" not in html
    assert 'href="https://www.example.org/kurser/anmalan"' in html
    assert "Anmäl dig hos Exempelmyndigheten" in html
    assert 'href="https://www.example.org/"' in html  # the partner's own site
    assert "Anmälan hos Exempelmyndigheten" in client.get("/kurser/").content.decode()
    # A hand-made POST does not get around it.
    response = _post(client, occasion, PERSON)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Anmälan görs hos arrangören" in html
    assert 'name="anmalan_for"' not in html and "<title>Fel: " in html  # no form to offer
    assert occasion.registrations.count() == 0


def test_draft_course_is_404_for_the_public_and_a_preview_for_staff(staff_client):
    client = Client()
    course = make_course(published=False, title="Hemlig kurs")
    occasion = make_occasion(course)
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get(occasion.get_calendar_url()).status_code == 404
    assert _post(client, occasion, PERSON).status_code == 404
    page = staff_client.get(course.get_absolute_url())
    assert page.status_code == 200 and "Förhandsgranskning" in page.content.decode()
    # No form that would refuse staff too: the state, and why the form is not there.
    assert 'name="anmalan_for"' not in page.content.decode()
    assert "Anmälningsformuläret visas inte i förhandsgranskningen" in page.content.decode()
    assert _post(staff_client, occasion, PERSON).status_code == 404
    assert occasion.registrations.count() == 0


def test_staff_preview_shows_draft_occasions_without_a_form(staff_client):
    course = make_course()
    draft = make_occasion(course, is_draft=True)
    html = staff_client.get(course.get_absolute_url()).content.decode()
    assert f'id="tillfalle-{draft.pk}"' in html and "Tillfället syns inte för besökare." in html
    assert 'name="anmalan_for"' not in html
    assert "Anmälningsformuläret visas inte i förhandsgranskningen" in html
    assert _post(staff_client, draft, PERSON).status_code == 404


def test_occasion_calendar_parses_back(client):
    course = make_course(title="Att leda samtal")
    start = timezone.now().replace(microsecond=0) + 10 * DAY
    occasion = make_occasion(course, starts_at=start, ends_at=start + dt.timedelta(days=1, hours=7))
    response = client.get(occasion.get_calendar_url())
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == occasion.event_title()
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == start + dt.timedelta(days=1, hours=7)
    assert str(vevent["URL"]).endswith(f"/kurser/{course.slug}/#tillfalle-{occasion.pk}")
    assert "Statskontoret" in str(vevent["LOCATION"])
    other = make_occasion(make_course())
    assert client.get(f"/kurser/{course.slug}/{other.pk}/kalender.ics").status_code == 404


def test_multi_day_occasion_shows_both_days(client):
    course = make_course()
    day = timezone.localdate() + 10 * DAY
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    occasion = make_occasion(course, starts_at=start, ends_at=start + dt.timedelta(days=1, hours=7))
    html = client.get(course.get_absolute_url()).content.decode()
    assert dates.long_range(occasion.starts_at, occasion.ends_at) in html
    assert "2 dagar" in html


def test_start_page_lists_next_occasions_of_published_courses(client):
    course = make_course(title="Att leda samtal")
    make_occasion(course, starts_at=timezone.now() + 3 * DAY)
    make_occasion(make_course(title="Utkastkursen", published=False))
    make_occasion(make_course(title="Utkasttillfället"), is_draft=True)
    _past(make_course(title="Förbi"))
    html = client.get("/").content.decode()
    block = html[html.index('id="aktuellt-kurser"') :]
    block = block[: block.index("</section>")]
    assert "Att leda samtal" in block
    assert "Utkastkursen" not in block and "Utkasttillfället" not in block and "Förbi" not in block


def test_start_page_empty_state(client):
    html = client.get("/").content.decode()
    assert "Inga kurstillfällen är planerade just nu." in html


def test_sitemap_lists_published_courses_only(client):
    published = make_course(slug="synlig")
    make_course(slug="dold", published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{published.get_absolute_url()}" in xml
    assert "/kurser/dold/" not in xml
    assert "<loc>http://testserver/kurser/</loc>" in xml


def test_seed_is_idempotent_and_alive():
    seed.run(io.StringIO())
    seed.run(io.StringIO())
    course = Course.objects.get(title="Att leda samtal om rollen som statsanställd")
    assert course.is_published and course.target_group == "chefer"
    first, second = course.occasions.order_by("pk")
    assert timezone.now() < first.starts_at < second.starts_at
    assert first.accepts_signups and second.accepts_signups
    partner = Course.objects.exclude(pk=course.pk).get()
    assert partner.is_partner_course and partner.external_signup_url
    (occasion,) = partner.occasions.all()
    assert occasion.is_multi_day and occasion.external_signup() is not None
    assert CourseOccasion.objects.count() == 3
    for obj in Course.objects.all():
        obj.full_clean()
    for obj in CourseOccasion.objects.all():
        obj.full_clean()


def test_seed_demo_command_includes_courses(client):
    call_command("seed_demo", stdout=io.StringIO())
    html = client.get("/kurser/").content.decode()
    assert "Att leda samtal om rollen som statsanställd" in html
    assert "Inga planerade tillfällen" not in html


def test_published_course_is_found_by_search(client):
    make_course(title="Samtalsledning", body="<p>Om <strong>vänskapskorruption</strong>.</p>")
    make_course(title="Dold kurs", body="<p>Också vänskapskorruption.</p>", published=False)
    html = client.get("/sok/", {"q": "vänskapskorruption"}).content.decode()
    assert "Samtalsledning" in html and "Dold kurs" not in html


def test_list_is_paginated_with_coming_courses_first(client):
    from tests.courses.factories import make_course, make_occasion

    soon = timezone.now() + dt.timedelta(days=5)
    for n in range(22):
        make_course(title=f"Utan tillfälle {n:02d}")
    for n in range(3):
        make_occasion(
            course=make_course(title=f"Kommande {n}"), starts_at=soon + dt.timedelta(days=n)
        )
    first = client.get("/kurser/").content.decode()
    assert first.count('class="card-item') == 20
    assert first.index("Kommande 0") < first.index("Kommande 2") < first.index("Utan tillfälle 00")
    second = client.get("/kurser/", {"sida": 2}).content.decode()
    assert second.count('class="card-item') == 5 and "Utan tillfälle 21" in second
