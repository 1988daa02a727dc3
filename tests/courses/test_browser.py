"""Course occasions in a real browser: sign-up, waiting list, cancellation from the mailed
link and promotion; the error summary; axe-core on the list and on a course page.

The sign-up engine is shared: this is the browser test of its whole flow, for seminars
too (tests/registration runs it per event model without a browser)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import OccasionRegistration
from forvaltningskultur import dates
from tests.registration.helpers import link_from as _link_from

from .factories import make_course, make_occasion, make_partner_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)
ERRORS = "Det finns fel i formuläret"  # the error summary's title, which names the alert


def _occasion(page, occasion):
    """An occasion's section on the course page, named by its heading: the date and time."""
    name = dates.long_range(occasion.starts_at, occasion.ends_at)
    return page.get_by_role("region", name=name, exact=True)


def _course_with_two_occasions(capacity=1):
    course = make_course(title="Att leda samtal om rollen som statsanställd")
    first = make_occasion(course, starts_at=timezone.now() + 7 * DAY, capacity=5)
    second = make_occasion(course, starts_at=timezone.now() + 21 * DAY, capacity=capacity)
    return course, first, second


def _form(page):
    """The course page's one sign-up form, its section named by its heading."""
    return page.get_by_role("region", name="Anmälan", exact=True)


def _choice(page, occasion):
    """The occasion's option in the form's radio group, named by its date and time."""
    group = _form(page).get_by_role("group", name="Välj kurstillfälle")
    return group.get_by_role("radio", name=dates.long_range(occasion.starts_at, occasion.ends_at))


def _sign_up(page, occasion, name, email, button="Anmäl mig"):
    form = _form(page)
    _choice(page, occasion).check()
    form.get_by_label("Namn").fill(name)
    form.get_by_label("E-postadress").fill(email)
    form.get_by_label("Organisation").fill("Exempelmyndigheten")
    form.get_by_role("button", name=button, exact=True).click()
    return form


def test_sign_up_waitlist_cancel_and_promotion_on_an_occasion(page, mailoutbox):
    course, first, second = _course_with_two_occasions(capacity=1)
    page.goto(course.get_absolute_url())
    section = _sign_up(page, second, "Anna Andersson", "anna@myndighet.se")
    # The registrant's own page: the outcome, for the occasion signed up for.
    assert page.get_by_role("status").get_by_text("Tack för din anmälan!").is_visible()
    assert page.get_by_text("Du har fått en plats.").is_visible()
    assert page.get_by_text("Vi skickar en bekräftelse till anna@myndighet.se").is_visible()
    assert page.get_by_role("link", name=second.event_title()).is_visible()
    assert mailoutbox[0].subject == f"Bekräftelse: {second.event_title()}"
    assert mailoutbox[0].attachments[0][0] == "kalender.ics"

    # The second occasion is now full: the next visitor is told before submitting.
    page.goto(course.get_absolute_url())
    section = _occasion(page, second)
    assert section.get_by_text("Fullbokat – väntelista").is_visible()
    assert _occasion(page, first).get_by_text("Platser kvar").is_visible()
    expect(_choice(page, second)).to_have_accessible_name(re.compile("du kommer på väntelistan"))
    # The other occasion still has seats, so the button is the usual one.
    _sign_up(page, second, "Bo Berg", "bo@myndighet.se")
    thanks = page.get_by_role("status")
    assert thanks.get_by_text("Tack för din anmälan!").is_visible()
    assert thanks.get_by_text("du står som nummer 1 på väntelistan").is_visible()
    assert mailoutbox[1].subject.startswith("Du står på väntelistan")

    # Anna cancels from the link in her mail; Bo gets her seat and a mail about it.
    page.goto(_link_from(mailoutbox[0]))
    assert page.get_by_text("Du har en plats").is_visible()
    page.get_by_role("link", name="Avboka min anmälan").click()
    page.get_by_role("button", name="Ja, avboka").click()
    assert page.get_by_text("Du har avbokat din plats.").is_visible()

    bo = OccasionRegistration.objects.get(email="bo@myndighet.se")
    assert bo.status == "confirmed" and bo.event_id == second.pk
    promoted = [m for m in mailoutbox if m.to == ["bo@myndighet.se"]][-1]
    assert promoted.subject == f"Du har fått en plats: {second.event_title()}"
    page.goto(_link_from(promoted))
    assert page.get_by_text("Du har en plats").is_visible()
    page.get_by_role("link", name=second.event_title()).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(_occasion(page, second)).to_be_in_viewport()  # the link leads to that occasion
    assert first.registrations.count() == 0


def test_error_summary_gets_focus_and_the_choice_is_kept(page, assert_accessible):
    course, _first, second = _course_with_two_occasions(capacity=5)
    page.goto(course.get_absolute_url())
    _choice(page, second).check()
    _form(page).get_by_role("button", name="Anmäl mig").click()
    form = _form(page)
    summary = form.get_by_role("alert", name=ERRORS)
    expect(summary).to_be_focused()
    expect(page.get_by_role("alert", name=ERRORS)).to_have_count(1)
    expect(_choice(page, second)).to_be_checked()
    summary.get_by_role("link", name="Namn: Skriv ditt namn.").click()
    expect(form.get_by_role("textbox", name="Namn")).to_be_focused()
    assert_accessible(page)


def test_partner_course_sends_visitors_to_the_partner(page, assert_accessible):
    course = make_partner_course(title="Introduktion till rollen som statsanställd")
    make_occasion(course, starts_at=timezone.now() + 30 * DAY)
    page.goto(course.get_absolute_url())
    link = page.get_by_role("link", name="Anmäl dig hos Exempelmyndigheten")
    # The partner's site is outside the test: where the link leads is all it can check.
    assert link.get_attribute("href") == "https://www.example.org/kurser/anmalan"
    expect(page.get_by_role("button", name="Anmäl mig")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Namn")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("which", ["list", "detail", "start"])
def test_no_axe_violations(page, assert_accessible, which):
    course, _first, _second = _course_with_two_occasions(capacity=0)
    start = timezone.now() - 40 * DAY
    past_course = make_course(title="Kurs som har varit")
    past = make_occasion(past_course, starts_at=start, ends_at=start + dt.timedelta(hours=7))
    make_occasion(course, starts_at=timezone.now() + 14 * DAY, is_cancelled=True)
    make_occasion(make_partner_course(), starts_at=timezone.now() + 30 * DAY)
    page.goto({"list": "/kurser/", "detail": course.get_absolute_url(), "start": "/"}[which])
    assert_accessible(page)
    if which == "list":
        when = page.get_by_text(dates.long_range(past.starts_at, past.ends_at))
        assert not when.is_visible()
        page.get_by_text("Visa tidigare tillfälle för ”Kurs som har varit”").click()
        assert when.is_visible()
        assert_accessible(page)
