"""Seminars in a real browser: the registrant's page; errors; films; axe-core. The whole
sign-up flow (waiting list, mail link, cancel, promotion) is tested once, on a course
occasion in tests/courses/test_browser.py: the same engine serves both."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forvaltningskultur.registration import services
from forvaltningskultur.registration.tokens import registrant_path

from .factories import make_film, make_seminar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ERRORS = "Det finns fel i formuläret"  # the error summary's title, which names the alert


def _fill(page, name, email):
    page.get_by_label("Namn").fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Organisation").fill("Exempelmyndigheten")


def test_empty_submission_focuses_error_summary(page, assert_accessible):
    seminar = make_seminar()
    page.goto(seminar.get_absolute_url())
    page.get_by_role("button", name="Anmäl mig").click()
    summary = page.get_by_role("alert", name=ERRORS)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name=ERRORS)).to_be_visible()
    summary.get_by_role("link", name="Namn: Skriv ditt namn.").click()
    expect(page.get_by_role("textbox", name="Namn")).to_be_focused()
    assert_accessible(page)


def test_error_summary_gets_focus_without_javascript(browser, live_server):
    seminar = make_seminar()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(seminar.get_absolute_url())
    page.get_by_role("button", name="Anmäl mig").click()
    summary = page.get_by_role("alert", name=ERRORS)
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()  # autofocus, no script
    expect(summary.get_by_role("link", name="Namn: Skriv ditt namn.")).to_be_visible()
    context.close()


def _past_with_film():
    start = timezone.now() - dt.timedelta(days=20)
    seminar = make_seminar(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    make_film(seminar, title="Föreläsningen")
    return seminar


def test_external_player_loads_only_after_a_click(page, live_server):
    seminar = _past_with_film()
    requests = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page.goto(seminar.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert requests == []
    film = page.get_by_role("region", name="Föreläsningen")
    film.get_by_role("button", name="Spela upp ”Föreläsningen” här").click()
    # A frame has no ARIA role; its title is the name a screen reader announces.
    expect(film.get_by_title("Föreläsningen", exact=True)).to_be_visible()
    page.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/embed/") for url in requests)


def _registrant_url():
    seminar = make_seminar()
    registration = services.register(
        seminar, {"name": "Anna", "email": "a@x.se", "organisation": "O"}, send_mail=False
    ).registration
    return registrant_path(registration)


@pytest.mark.parametrize("which", ["list", "detail", "archive", "registrant", "start"])
def test_no_axe_violations(page, assert_accessible, which):
    seminar = make_seminar(capacity=0)
    seminar.speakers.create(name="Eva Ek", title="professor", organisation="Universitetet")
    past = _past_with_film()
    url = {
        "list": "/seminarier/",
        "detail": seminar.get_absolute_url(),
        "archive": "/seminarier/arkiv/",
        "registrant": _registrant_url(),
        "start": "/",
    }[which]
    page.goto(url)
    assert_accessible(page)
    if which == "archive":
        page.goto(past.get_absolute_url())
        assert_accessible(page)


def test_the_registrants_own_page_in_each_new_state_passes_axe(page, assert_accessible):
    seminar = make_seminar()
    page.goto(seminar.get_absolute_url())
    _fill(page, "Cecilia Ek", "cecilia@myndihet.se")
    page.get_by_label("Behov av anpassning (frivilligt)").fill("Hörslinga")
    page.get_by_role("checkbox", name=re.compile("Jag samtycker")).check()
    page.get_by_role("button", name="Anmäl mig").click()
    assert page.get_by_role("status").get_by_text("Tack för din anmälan!").is_visible()
    assert_accessible(page)
    # A mistyped address, corrected; a wrong one first.
    page.get_by_label("Rätta din e-postadress").fill("inte en adress")
    page.get_by_role("button", name="Spara och skicka bekräftelsen igen").click()
    assert page.get_by_text("Skriv e-postadressen i formatet namn@myndighet.se.").is_visible()
    assert_accessible(page)
    page.get_by_label("Rätta din e-postadress").fill("cecilia@myndighet.se")
    page.get_by_role("button", name="Spara och skicka bekräftelsen igen").click()
    assert page.get_by_text("E-postadressen är ändrad.").is_visible()
    page.get_by_role("button", name="Radera mina uppgifter om anpassning och kost").click()
    assert page.get_by_text("Uppgifterna om anpassning och kost är raderade.").is_visible()
    assert page.get_by_text("Hörslinga").count() == 0
    assert_accessible(page)
