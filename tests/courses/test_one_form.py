"""A course page's one sign-up form: the occasions as a radio group, the person's fields
once. Without a browser: what the page says and keeps; in Chromium at a phone's and a
desktop's width: the group by its legend, the options by their names, the waiting list,
the error summary's focus, axe-core."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import OccasionRegistration
from forvaltningskultur import dates
from forvaltningskultur.registration import services
from tests.visible import VisibleText

from .factories import make_course, make_occasion

DAY = dt.timedelta(days=1)
PERSON = {"name": "Anna Andersson", "email": "anna@myndighet.se", "organisation": "Myndigheten"}
ERRORS = "Det finns fel i formuläret"
NO_CHOICE = "Välj vilket kurstillfälle du vill anmäla dig till."


def _when(occasion):
    return dates.long_range(occasion.starts_at, occasion.ends_at)


def _seen(text):
    """As tests.visible gives it: whitespace (the dates' no-break spaces too) collapsed."""
    return " ".join(text.split())


def _day(days):
    """A course day `days` from today, 09.00–16.00 Swedish time."""
    start = dt.datetime.combine(timezone.localdate() + days * DAY, dt.time(9))
    start = timezone.make_aware(start)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=7)}


def _three_occasions(capacity=5):
    """An open occasion, a full one (waiting list) and a cancelled one, in date order."""
    course = make_course(title="Att leda samtal om rollen som statsanställd")
    open_ = make_occasion(course, **_day(7), capacity=capacity)
    full = make_occasion(course, **_day(14), capacity=1)
    services.register(full, {**PERSON, "email": "forst@myndighet.se"}, send_mail=False)
    cancelled = make_occasion(course, **_day(21), is_cancelled=True)
    return course, open_, full, cancelled


def _visible(response):
    return VisibleText(response.content.decode()).text


# --- without a browser ----------------------------------------------------------------


@pytest.mark.django_db
def test_no_choice_is_the_persons_error_linked_to_the_radio_group(client):
    course, open_, full, _cancelled = _three_occasions()
    response = client.post(course.get_absolute_url(), {**PERSON, "email": "fel"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(ERRORS) == 1
    # The summary lists the choice first, linked to the group's first option, then the rest.
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    link = f'<a href="#id_anmalan_for_{open_.pk}">Kurstillfälle: {NO_CHOICE}</a>'
    assert link in summary
    assert summary.index(link) < summary.index('href="#id_email"')
    assert f'id="id_anmalan_for_{open_.pk}"' in html
    assert 'value="Anna Andersson"' in html and 'value="Myndigheten"' in html
    assert " checked" not in html  # nothing chosen for the person
    assert "<title>Fel: " in html
    assert open_.registrations.count() == 0
    assert full.registrations.count() == 1


@pytest.mark.django_db
def test_each_option_says_when_where_and_the_seats(client):
    course, open_, full, cancelled = _three_occasions()
    text = _visible(client.get(course.get_absolute_url()))
    assert _seen(f"{_when(open_)}, Statskontoret, Stockholm. 5 platser kvar av 5.") in text
    full_text = f"{_when(full)}, Statskontoret, Stockholm. Fullbokat – du kommer på väntelistan."
    assert _seen(full_text) in text
    assert (
        _seen(f"{_when(cancelled)}, Statskontoret, Stockholm. Inställt – kan inte väljas.") in text
    )
    assert "Välj kurstillfälle" in text


@pytest.mark.django_db
def test_a_course_with_one_occasion_has_it_chosen(client):
    occasion = make_occasion()
    html = client.get(occasion.course.get_absolute_url()).content.decode()
    assert f'id="id_anmalan_for_{occasion.pk}" value="{occasion.pk}" checked>' in html


@pytest.mark.django_db
def test_an_occasion_that_closed_meanwhile_is_told_at_the_choice(client):
    course, open_, _full, _cancelled = _three_occasions()
    later = make_occasion(course, **_day(28))
    page = client.get(course.get_absolute_url()).content.decode()
    assert f'id="id_anmalan_for_{later.pk}" value="{later.pk}">' in page  # could be chosen
    type(later).objects.filter(pk=later.pk).update(signup_closes_at=timezone.now() - DAY)
    response = client.post(course.get_absolute_url(), {**PERSON, "anmalan_for": later.pk})
    html = response.content.decode()
    assert response.status_code == 409
    assert f'<a href="#id_anmalan_for_{open_.pk}">Kurstillfälle: Anmälan är stängd.</a>' in html
    assert f'id="id_anmalan_for_{later.pk}" value="{later.pk}" disabled>' in html
    assert 'value="Anna Andersson"' in html  # typed again for another occasion: not needed
    assert later.registrations.count() == 0


@pytest.mark.django_db
def test_the_same_address_again_lands_at_the_thanks_for_that_occasion(client, mailoutbox):
    course, open_, _full, _cancelled = _three_occasions()
    first = client.post(course.get_absolute_url(), {**PERSON, "anmalan_for": open_.pk})
    assert first.status_code == 302 and first.url.startswith("/anmalan/")
    again = client.post(course.get_absolute_url(), {**PERSON, "anmalan_for": open_.pk})
    assert again.url == f"{course.get_absolute_url()}?anmald={open_.pk}&redan=1#anmalan-{open_.pk}"
    html = client.get(again.url).content.decode()
    assert f'id="anmalan-{open_.pk}"' in html  # where the address's fragment lands
    text = VisibleText(html).text
    assert "Den e-postadressen är redan anmäld." in text
    assert _seen(f"Den är anmäld till tillfället {dates.long_datetime(open_.starts_at)}.") in text
    assert open_.registrations.count() == 1 and len(mailoutbox) == 2


@pytest.mark.django_db
@pytest.mark.redis
def test_the_cached_course_page_follows_the_seats_of_each_occasion(client):
    course, open_, _full, _cancelled = _three_occasions(capacity=2)
    url = course.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    response = client.post(url, {**PERSON, "anmalan_for": open_.pk})
    assert response.status_code == 302
    fresh = client.get(url)
    assert "X-Page-Cache" not in fresh  # made anew at once
    assert _seen(f"{_when(open_)}, Statskontoret, Stockholm. 1 plats kvar av 2.") in _visible(fresh)
    assert client.get(url)["X-Page-Cache"] == "hit"
    services.register(open_, {**PERSON, "email": "bo@myndighet.se"}, send_mail=False)
    text = _visible(client.get(url))
    full_text = f"{_when(open_)}, Statskontoret, Stockholm. Fullbokat – du kommer på väntelistan."
    assert _seen(full_text) in text
    assert "Anmäl mig till väntelistan" in text  # every occasion that can be chosen is full


@pytest.mark.django_db
def test_the_one_form_from_another_site_is_refused(mailoutbox):
    course, open_, _full, _cancelled = _three_occasions()
    response = Client().post(
        course.get_absolute_url(),
        {**PERSON, "anmalan_for": open_.pk},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert open_.registrations.count() == 0 and not mailoutbox
    same = Client().post(
        course.get_absolute_url(),
        {**PERSON, "anmalan_for": open_.pk},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert same.status_code == 302 and open_.registrations.count() == 1


# --- in a browser ---------------------------------------------------------------------


def _form(page):
    return page.get_by_role("region", name="Anmälan", exact=True)


def _group(page):
    return _form(page).get_by_role("group", name="Välj kurstillfälle")


def _radio(page, occasion):
    return _group(page).get_by_role("radio", name=_when(occasion))


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_course_page_with_its_one_form(page, assert_accessible, width, tmp_path):
    course, open_, full, cancelled = _three_occasions()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(course.get_absolute_url())
    expect(_form(page).get_by_role("button", name="Anmäl mig", exact=True)).to_be_visible()
    expect(_group(page).get_by_role("radio")).to_have_count(3)
    expect(_radio(page, open_)).to_have_accessible_name(
        f"{_when(open_)}, Statskontoret, Stockholm. 5 platser kvar av 5."
    )
    expect(_radio(page, full)).to_have_accessible_name(
        re.compile("Fullbokat – du kommer på väntelistan")
    )
    expect(_radio(page, open_)).to_be_enabled()
    expect(_radio(page, full)).to_be_enabled()
    expect(_radio(page, cancelled)).to_be_disabled()
    expect(_radio(page, cancelled)).to_have_accessible_name(
        re.compile("Inställt – kan inte väljas")
    )
    expect(_form(page).get_by_role("textbox", name="Namn")).to_have_count(1)
    # Each occasion keeps its section, where mails and calendars link to.
    page.goto(full.get_absolute_url())
    section = page.get_by_role("region", name=_when(full), exact=True)
    expect(section).to_be_in_viewport()
    expect(section.get_by_text("Fullbokat – väntelista")).to_be_visible()
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=tmp_path / f"kurs-{width}.png", full_page=True)
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_full_occasion_chosen_puts_the_person_on_its_waiting_list(page, mailoutbox):
    course, open_, full, _cancelled = _three_occasions()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(course.get_absolute_url())
    _radio(page, full).check()
    form = _form(page)
    form.get_by_role("textbox", name="Namn").fill("Bo Berg")
    form.get_by_role("textbox", name="E-postadress").fill("bo@myndighet.se")
    form.get_by_role("textbox", name="Organisation").fill("Exempelmyndigheten")
    form.get_by_role("button", name="Anmäl mig", exact=True).click()
    thanks = page.get_by_role("status")
    expect(thanks.get_by_text("Tack för din anmälan!")).to_be_visible()
    expect(thanks.get_by_text("du står som nummer 1 på väntelistan")).to_be_visible()
    expect(page.get_by_role("link", name=full.event_title())).to_be_visible()
    bo = OccasionRegistration.objects.get(email="bo@myndighet.se")
    assert bo.event_id == full.pk and bo.status == "waitlist"
    assert open_.registrations.count() == 0
    assert [m.subject for m in mailoutbox] == [f"Du står på väntelistan: {full.event_title()}"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_date_chosen_focuses_the_error_summary(page, assert_accessible, width, tmp_path):
    course, open_, _full, _cancelled = _three_occasions()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(course.get_absolute_url())
    form = _form(page)
    form.get_by_role("textbox", name="Namn").fill("Anna Andersson")
    form.get_by_role("button", name="Anmäl mig", exact=True).click()
    summary = _form(page).get_by_role("alert", name=ERRORS)
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fel: "))
    expect(_form(page).get_by_role("textbox", name="Namn")).to_have_value("Anna Andersson")
    page.screenshot(path=tmp_path / f"kurs-fel-{width}.png", full_page=True)
    assert_accessible(page)
    summary.get_by_role("link", name=f"Kurstillfälle: {NO_CHOICE}").click()
    expect(_radio(page, open_)).to_be_focused()
    expect(_group(page).get_by_text(NO_CHOICE)).to_be_visible()
    assert open_.registrations.count() == 0
