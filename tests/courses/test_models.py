"""Courses and occasions: validation, the engine's interface, multi-day occasions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from courses.models import Course, Organiser
from forvaltningskultur import dates
from forvaltningskultur.registration.models import SignupState

from .factories import make_course, make_occasion, make_partner_course

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_partner_course_needs_the_partners_name():
    course = Course(
        title="K", slug="k", introduction="I", organiser=Organiser.PARTNER, partner_name=""
    )
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "partner_name" in error.value.message_dict


def test_external_signup_only_for_partner_courses():
    course = Course(
        title="K",
        slug="k",
        introduction="I",
        organiser=Organiser.STATSKONTORET,
        external_signup_url="https://www.example.org/anmalan",
    )
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "external_signup_url" in error.value.message_dict


def test_occasion_is_public_only_when_course_published_and_not_a_draft():
    assert make_occasion().is_open_to_public()
    assert not make_occasion(is_draft=True).is_open_to_public()
    assert not make_occasion(make_course(published=False)).is_open_to_public()


def test_occasion_title_url_and_calendar_url():
    course = make_course(title="Att leda samtal", slug="att-leda-samtal")
    start = dt.datetime(2030, 4, 25, 9, 0, tzinfo=STOCKHOLM)
    occasion = make_occasion(course, starts_at=start)
    assert occasion.event_title() == "Att leda samtal, 25 april 2030"
    assert occasion.get_absolute_url() == f"/kurser/att-leda-samtal/#tillfalle-{occasion.pk}"
    assert occasion.get_calendar_url() == f"/kurser/att-leda-samtal/{occasion.pk}/kalender.ics"
    assert str(occasion.event_noun) == "kurstillfället" and occasion.is_filmed is False


def test_multi_day_occasion():
    start = dt.datetime(2030, 5, 14, 9, 0, tzinfo=STOCKHOLM)
    occasion = make_occasion(starts_at=start, ends_at=start + dt.timedelta(days=1, hours=7))
    assert occasion.is_multi_day and occasion.days == 2
    assert not make_occasion(starts_at=start).is_multi_day


def test_partner_course_with_external_link_takes_no_signups_here():
    occasion = make_occasion(make_partner_course())
    assert occasion.signup_state() == SignupState.EXTERNAL
    assert not occasion.accepts_signups
    assert occasion.external_signup().organiser == "Exempelmyndigheten"
    # Without an external link, the partner course's occasions use our form.
    ours = make_occasion(make_partner_course(external_signup_url=""))
    assert ours.signup_state() == SignupState.OPEN


def test_search_document_is_plain_with_the_occasions_dates_and_places():
    course = make_partner_course(body="<p>Om <strong>jäv</strong> och bisysslor.</p>")
    occasion = make_occasion(course)
    document = course.search_document()
    assert "jäv" in document.body and "<strong>" not in document.body
    assert "Exempelmyndigheten" in document.meta
    assert dates.long_date(occasion.starts_at) in document.meta
