"""The worker's scheduled mails, run in this process at a moved clock: the reminder
before an event and the mail about a seminar's film, who gets them, when, and once.
(tests/registration/test_scheduled_worker.py runs them in a real worker.)"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from forvaltningskultur.registration import scheduled, services
from forvaltningskultur.registration.models import RegistrationStatus, default_reminder_time
from forvaltningskultur.registration.purge import purge_personal_data
from forvaltningskultur.registration.tokens import registrant_path
from tests.registration.helpers import sign_up
from tests.seminars.factories import make_film, make_seminar

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args):
    return dt.datetime(*args, tzinfo=STOCKHOLM)


# Wednesday 10 March 2027, 13.00: the default reminder is on Monday 8 March at 13.00.
START = local(2027, 3, 10, 13, 0)
REMINDER = local(2027, 3, 8, 13, 0)


@pytest.mark.parametrize(
    ("start", "reminder"),
    [
        (local(2027, 3, 10, 13, 0), local(2027, 3, 8, 13, 0)),  # Wednesday: Monday
        (local(2027, 3, 8, 9, 0), local(2027, 3, 4, 9, 0)),  # Monday: the Thursday before
        (local(2027, 3, 9, 9, 0), local(2027, 3, 5, 9, 0)),  # Tuesday: the Friday before
        (local(2027, 3, 13, 10, 0), local(2027, 3, 11, 10, 0)),  # Saturday: Thursday
        # Across the change to summer time (28 March): still 13.00 on the clock.
        (local(2027, 3, 30, 13, 0), local(2027, 3, 26, 13, 0)),
    ],
)
def test_default_reminder_two_working_days_before(start, reminder):
    assert default_reminder_time(start) == reminder
    assert default_reminder_time(start).utcoffset() == reminder.utcoffset()


def _event(make_event, **overrides):
    values = {"starts_at": START, "ends_at": START + dt.timedelta(hours=2), "capacity": 2}
    values.update(overrides)
    return make_event(**values)


def _run(at):
    with time_machine.travel(at, tick=False):
        return scheduled.send_scheduled_mail()


def test_reminder_to_those_with_a_seat_once_at_its_time(make_event, mailoutbox, client):
    event = _event(make_event, venue="Statskontoret, lokal Ljuset", address="Fleminggatan 20")
    first, second, waiting = sign_up(event, 3)
    type(first).objects.filter(pk=first.pk).update(name="Anna Andersson")  # a real name
    services.cancel(second, send_mail=False)  # the waiting person gets the seat
    cancelled, promoted = second, waiting
    promoted.refresh_from_db()
    assert promoted.status == RegistrationStatus.CONFIRMED

    assert _run(REMINDER - dt.timedelta(minutes=1))["reminders"] == 0
    assert mailoutbox == []

    assert _run(REMINDER + dt.timedelta(minutes=4))["reminders"] == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, promoted.email])
    assert cancelled.email not in [m.to[0] for m in mailoutbox]
    message = next(m for m in mailoutbox if m.to == [first.email])
    assert message.subject == f"Påminnelse: {event.event_title()}"
    assert "Hej Anna!" in message.body  # greeted by first name, as every mail does
    # As a person reads it: the date's no-break spaces and word joiner are not seen.
    seen = message.body.replace("\u00a0", " ").replace("\u2060", "")
    assert "Tid: onsdagen den 10 mars 2027 kl. 13.00–15.00" in seen
    assert "Plats: Statskontoret, lokal Ljuset" in message.body
    assert "Adress: Fleminggatan 20" in message.body
    assert f"http://testserver{registrant_path(first)}" in message.body
    assert "så går platsen till nästa person på väntelistan" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="http://testserver{registrant_path(first)}"' in html

    # Run again, and again a day later: nothing more.
    assert _run(REMINDER + dt.timedelta(minutes=9))["reminders"] == 0
    assert _run(REMINDER + dt.timedelta(days=1))["reminders"] == 0
    assert len(mailoutbox) == 2
    first.refresh_from_db()
    assert first.reminded_at is not None

    # The link is the registrant's own page, where they can cancel.
    with time_machine.travel(REMINDER + dt.timedelta(hours=1), tick=False):
        page = client.get(registrant_path(first))
    assert page.status_code == 200
    assert "Avboka" in page.content.decode()


def test_online_reminder_carries_the_joining_link_to_those_with_a_seat_only(make_event, mailoutbox):
    event = _event(
        make_event, is_online=True, venue="", online_url="https://meet.example.se/hemlig"
    )
    _seated, _other, waiting = sign_up(event, 3)
    _run(REMINDER + dt.timedelta(minutes=1))
    assert len(mailoutbox) == 2
    assert waiting.email not in [m.to[0] for m in mailoutbox]
    body = mailoutbox[0].body
    assert "Plats: Digitalt" in body
    assert "Länk för att ansluta: https://meet.example.se/hemlig" in body


def test_no_reminder_when_off_cancelled_or_after_the_start(make_event, mailoutbox):
    off = _event(make_event, sends_reminder=False)
    called_off = _event(make_event)
    sign_up(off, 1)
    sign_up(called_off, 1, start=1)
    called_off.is_cancelled = True
    called_off.save()
    (cancelled,) = mailoutbox
    assert cancelled.subject.startswith("Inställt: ")
    mailoutbox.clear()
    assert _run(REMINDER + dt.timedelta(minutes=1))["reminders"] == 0
    late = _event(make_event)
    sign_up(late, 1, start=2)
    # The worker was down from before the reminder time until after the start.
    assert _run(START + dt.timedelta(minutes=1))["reminders"] == 0
    assert mailoutbox == []


def test_reminder_at_the_time_staff_set(make_event, mailoutbox):
    event = _event(make_event, reminder_at=local(2027, 3, 3, 9, 0))
    sign_up(event, 1)
    assert _run(local(2027, 3, 3, 8, 59))["reminders"] == 0
    assert _run(local(2027, 3, 3, 9, 1))["reminders"] == 1
    assert _run(REMINDER + dt.timedelta(minutes=1))["reminders"] == 0
    assert len(mailoutbox) == 1


def test_no_reminder_for_a_seat_taken_after_the_reminder_time(make_event, mailoutbox):
    event = _event(make_event)
    with time_machine.travel(REMINDER + dt.timedelta(hours=2), tick=False):
        sign_up(event, 1)  # the confirmation has just said it all
    assert _run(REMINDER + dt.timedelta(hours=3))["reminders"] == 0
    assert mailoutbox == []


# --- the film ---------------------------------------------------------------

FILM_OUT = local(2027, 3, 20, 10, 0)


def _filmed_seminar(**overrides):
    seminar = make_seminar(
        starts_at=START, ends_at=START + dt.timedelta(hours=2), capacity=1, **overrides
    )
    attended, waiting, cancelled = sign_up(seminar, 3)
    services.cancel(cancelled, send_mail=False)
    return seminar, attended, waiting, cancelled


def test_film_mail_to_attendees_and_waiting_list_once(mailoutbox):
    seminar, attended, waiting, _cancelled = _filmed_seminar(sends_reminder=False)
    make_film(seminar, title="Hela seminariet", publish_at=FILM_OUT)
    make_film(seminar, title="Utan textning", captions=False, publish_at=FILM_OUT)

    assert _run(FILM_OUT - dt.timedelta(minutes=1))["film"] == 0
    assert _run(FILM_OUT + dt.timedelta(minutes=3))["film"] == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([attended.email, waiting.email])
    message = mailoutbox[0]
    assert message.subject == f"Nu kan du se filmen: {seminar.title}"
    assert "Nu finns filmen från seminariet på webbplatsen" in message.body
    film = seminar.films.get(title="Hela seminariet")
    assert f"Hela seminariet: http://testserver{film.get_absolute_url()}" in message.body
    assert "Utan textning" not in message.body  # not public without captions
    assert "Vi raderar dina uppgifter 30 dagar efter seminariet." in message.body

    assert _run(FILM_OUT + dt.timedelta(minutes=8))["film"] == 0
    make_film(seminar, title="Del två", publish_at=FILM_OUT + dt.timedelta(days=1))
    assert _run(FILM_OUT + dt.timedelta(days=2))["film"] == 0  # once, not once per film
    assert len(mailoutbox) == 2


def test_no_film_mail_when_off_or_the_film_is_a_draft(mailoutbox):
    off, *_ = _filmed_seminar(sends_reminder=False, sends_film_mail=False)
    make_film(off, publish_at=FILM_OUT)
    draft, *_ = _filmed_seminar(sends_reminder=False)
    # Its own status decides (not following its published seminar).
    make_film(draft, publish_at=FILM_OUT, status="draft", follows_seminar=False)
    assert _run(FILM_OUT + dt.timedelta(minutes=1))["film"] == 0
    assert mailoutbox == []


def test_no_film_mail_after_the_purge(settings, mailoutbox):
    seminar, attended, *_ = _filmed_seminar(sends_reminder=False)
    late = START + dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 2)
    make_film(seminar, publish_at=late)
    purge_personal_data(now=late)
    attended.refresh_from_db()
    assert attended.personal_data_purged
    assert _run(late + dt.timedelta(minutes=1))["film"] == 0
    assert mailoutbox == []
