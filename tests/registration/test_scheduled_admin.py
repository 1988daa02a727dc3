"""Staff turn the reminder and the film mail off, or set the reminder's time, per event
in admin (in a real browser)."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from seminars.models import Seminar
from tests.courses.factories import registrable_event as make_occasion
from tests.seminars.factories import make_seminar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SHOTS = os.environ.get("SCHEDULE_SCREENSHOTS")  # a folder: screenshots for a person to see


def _log_in(page, django_user_model):
    django_user_model.objects.create_user(
        username="anmalan", password="ett-langt-losenord-1", is_staff=True, is_superuser=True
    )
    page.goto("/admin/login/")
    page.get_by_role("textbox", name="Användarnamn").fill("anmalan")
    page.get_by_label("Lösenord").fill("ett-langt-losenord-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/")


def _shoot(page, name):
    if not SHOTS:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".field-reminder_at").scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png")


def test_seminar_reminder_time_and_film_mail_set_in_admin(page, django_user_model):
    start = dt.datetime(2027, 3, 10, 13, 0, tzinfo=STOCKHOLM)
    seminar = make_seminar(title="Etik i vardagen", starts_at=start)
    _log_in(page, django_user_model)
    page.goto(f"/admin/seminars/seminar/{seminar.pk}/change/")
    group = page.get_by_role("group", name="Mejl från webbplatsen")
    assert group.get_by_role("checkbox", name="Skicka påminnelse").is_checked()
    assert group.get_by_text("Tomt: två arbetsdagar (måndag–fredag) före starten").is_visible()
    _shoot(page, "seminar-admin")

    row = group.locator(".field-reminder_at")
    row.get_by_role("textbox").nth(0).fill("2027-03-11")  # after the start: refused
    row.get_by_role("textbox").nth(1).fill("09:00:00")
    group.get_by_role("checkbox", name="Mejla när filmen publiceras").uncheck()
    page.get_by_role("button", name="Spara ändringarna", exact=True).click()
    # Under the field, and as a link to it in the error summary at the top.
    page.locator(".errorlist").get_by_text(
        "Påminnelsen måste skickas innan evenemanget börjar."
    ).wait_for()

    row = page.get_by_role("group", name="Mejl från webbplatsen").locator(".field-reminder_at")
    row.get_by_role("textbox").nth(0).fill("2027-03-03")
    page.get_by_role("button", name="Spara ändringarna", exact=True).click()
    page.get_by_text("Ändrade seminarium “Etik i vardagen”.").wait_for()
    seminar = Seminar.objects.get(pk=seminar.pk)
    assert seminar.reminder_at == dt.datetime(2027, 3, 3, 9, 0, tzinfo=STOCKHOLM)
    assert seminar.reminder_time == seminar.reminder_at
    assert seminar.sends_film_mail is False
    assert seminar.sends_reminder is True


def test_course_occasion_reminder_off_in_admin(page, django_user_model):
    occasion = make_occasion()
    _log_in(page, django_user_model)
    page.goto(f"/admin/courses/courseoccasion/{occasion.pk}/change/")
    group = page.get_by_role("group", name="Påminnelse")
    group.get_by_role("checkbox", name="Skicka påminnelse").uncheck()
    _shoot(page, "occasion-admin")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Ändrade kurstillfälle").wait_for()
    occasion.refresh_from_db()
    assert occasion.sends_reminder is False
