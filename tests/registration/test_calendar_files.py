"""The calendar files and mails a registrant gets, read back as their programs read
them: METHOD, UID, SEQUENCE, STATUS and DTSTART parsed with icalendar, the attachment's
headers from the mail as sent, and the wording as a person reads it."""

import datetime as dt
import email

import icalendar
import pytest

from forvaltningskultur.registration import emails, ics, services
from forvaltningskultur.registration.emails import first_name
from tests.registration.helpers import sign_up

pytestmark = pytest.mark.django_db


def _calendar(message):
    """The one calendar file of a mail: (METHOD, the VEVENT), parsed back."""
    ((name, content, _mimetype),) = message.attachments
    assert name == "kalender.ics"
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), vevent


def _attachment_part(message):
    """The calendar file's MIME part, from the mail as it goes over the wire."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_filename() == "kalender.ics"]
    return part


def _seen(text):
    """As a person reads it: no-break spaces and word joiners are not seen."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def _mails_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def test_confirmation_file_is_published_in_stockholm_time(make_event, person, mailoutbox):
    event = make_event()
    services.register(event, person())
    (message,) = mailoutbox
    method, vevent = _calendar(message)
    assert method == "PUBLISH"
    assert str(vevent["UID"]) == ics.uid(event)
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert str(vevent.decoded("DTSTART").tzinfo) == "Europe/Stockholm"
    assert str(vevent["ORGANIZER"]) == "mailto:forvaltningskultur@statskontoret.se"
    part = _attachment_part(message)
    assert part["Content-Type"].count("charset") == 1, part["Content-Type"]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH" and part.get_param("charset") == "utf-8"


def test_a_move_sends_everyone_the_new_time_with_a_higher_sequence(make_event, mailoutbox):
    event = make_event(capacity=1, venue="Statskontoret", address="Stockholm")
    seated, waiting = sign_up(event, 2)
    old_start = event.starts_at
    mailoutbox.clear()

    event.starts_at += dt.timedelta(days=7, hours=1)
    event.ends_at += dt.timedelta(days=7, hours=1)
    event.venue = "Kulturhuset"
    event.save()

    title = event.event_title()
    (moved,) = _mails_to(mailoutbox, seated.email)
    assert moved.subject == f"Ny tid eller plats: {title}"
    method, vevent = _calendar(moved)
    assert method == "PUBLISH"
    assert str(vevent["UID"]) == ics.uid(event)
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(vevent["LOCATION"]) == "Kulturhuset, Stockholm"
    body = _seen(moved.body)
    assert f"”{title}” har fått ny tid eller plats." in body
    assert "så ändras händelsen i din kalender" in body
    earlier = emails.dates.long_range(old_start, old_start + (event.ends_at - event.starts_at))
    assert f"Plats: Kulturhuset, Stockholm\nTidigare tid: {_seen(earlier)}\n" in body
    assert "Tidigare plats: Statskontoret, Stockholm" in body
    # Waiting: told the new time, with no file (nothing of theirs is in a calendar).
    (told,) = _mails_to(mailoutbox, waiting.email)
    assert told.subject == moved.subject and told.attachments == []
    assert "Du står som nummer 1 på väntelistan." in told.body


def test_a_cancelled_seat_gets_a_file_that_removes_the_entry(make_event, person, mailoutbox):
    event = make_event(capacity=1)
    seated = services.register(event, person("plats@myndighet.se")).registration
    waiting = services.register(event, person("ko@myndighet.se")).registration
    _method, confirmed = _calendar(mailoutbox[0])
    mailoutbox.clear()

    services.cancel(waiting)  # leaves the queue first: nothing of theirs in a calendar
    services.cancel(seated)

    (cancelled,) = _mails_to(mailoutbox, seated.email)
    method, vevent = _calendar(cancelled)
    assert method == "CANCEL"
    assert str(vevent["UID"]) == str(confirmed["UID"])
    assert vevent["SEQUENCE"] >= confirmed["SEQUENCE"]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    part = _attachment_part(cancelled)
    assert part.get_param("method") == "CANCEL"
    assert part["Content-Type"].count("charset") == 1, part["Content-Type"]
    assert "Den bifogade kalenderfilen tar bort händelsen ur din kalender." in cancelled.body
    # The one who waited had nothing in their calendar: no file, no word of one.
    (left_queue,) = _mails_to(mailoutbox, waiting.email)
    assert left_queue.attachments == [] and "kalenderfil" not in left_queue.body


def test_a_cancelled_event_is_removed_with_a_higher_sequence(make_event, mailoutbox):
    event = make_event(capacity=1)
    seated, waiting = sign_up(event, 2)
    emails.send_registration_mail(seated)
    _method, before = _calendar(mailoutbox[0])
    mailoutbox.clear()

    event.is_cancelled = True
    event.save()  # the save mails everyone signed up
    assert event.cancellation_mails_on_save == 2

    (message,) = _mails_to(mailoutbox, seated.email)
    method, vevent = _calendar(message)
    assert method == "CANCEL"
    assert str(vevent["UID"]) == str(before["UID"])
    assert vevent["SEQUENCE"] > before["SEQUENCE"]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert _mails_to(mailoutbox, waiting.email)[0].attachments == []


def test_the_cancelled_event_mail_reads_naturally(make_event, mailoutbox):
    event = make_event()
    sign_up(event, 1)
    event.is_cancelled = True
    event.save()
    (message,) = mailoutbox
    html = message.alternatives[0][0]
    title = event.event_title()
    noun = str(event.event_noun).capitalize()
    day = _seen(emails.dates.day_month_year(event.starts_at))
    if day in title:  # a course occasion's title names its day already
        sentence = f"{noun} ”{title}” är tyvärr inställt."
    else:
        sentence = f"{noun} ”{title}” den {day} är tyvärr inställt."
    assert sentence in _seen(message.body)
    assert sentence in _seen(html)
    assert "Tyvärr är" not in message.body
    assert f"Om {event.event_noun}:" in message.body
    assert "Om evenemanget" not in message.body and "Om evenemanget" not in html


def test_a_cancelled_event_that_takes_place_after_all(make_event, mailoutbox):
    event = make_event()
    sign_up(event, 1)
    event.is_cancelled = True
    event.save()
    mailoutbox.clear()
    event.is_cancelled = False
    event.save()
    (message,) = mailoutbox
    assert message.subject == f"Ny tid eller plats: {event.event_title()}"
    assert f"”{event.event_title()}” blir av ändå. Din anmälan gäller som förut." in message.body
    assert "Tidigare" not in message.body
    method, vevent = _calendar(message)
    assert (method, str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("PUBLISH", "CONFIRMED", 2)


def test_no_english_in_any_calendar_file(make_event, person, mailoutbox):
    event = make_event(capacity=1)
    seated = services.register(event, person("a@myndighet.se")).registration
    services.register(event, person("b@myndighet.se"))
    event.starts_at += dt.timedelta(days=1)
    event.ends_at += dt.timedelta(days=1)
    event.save()
    services.cancel(seated)
    event.is_cancelled = True
    event.save()
    files = [content for m in mailoutbox for _name, content, _type in m.attachments]
    files.append(ics.calendar_for([event]).to_ical())
    assert len(files) >= 5
    for content in files:
        calendar = icalendar.Calendar.from_ical(content)
        assert not [c for c in calendar.walk() if "COMMENT" in c]
        text = content if isinstance(content, str) else content.decode()
        for english in ("This timezone", "only works", "Online", "Cancelled", " the "):
            assert english not in text


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Anna Andersson", "Hej Anna!"),
        ("Anna-Karin af Klercker", "Hej Anna-Karin!"),
        ("anna andersson", "Hej Anna!"),
        ("ÅSA ÖBERG", "Hej Åsa!"),
        ("Anna", "Hej!"),
        ("Dr. Berg", "Hej!"),
        ("Dr Eva Berg", "Hej!"),
        ("A. Berg", "Hej!"),
        ("Person 0", "Hej!"),
        ("", "Hej!"),
    ],
)
def test_greeting_by_first_name_where_one_can_be_told(name, greeting):
    assert emails.greeting(name) == greeting
    assert (first_name(name) is None) == (greeting == "Hej!")


def test_mails_greet_by_first_name_and_name_the_event(make_event, person, mailoutbox):
    event = make_event()
    services.register(event, person("anna@myndighet.se", name="Anna Andersson"))
    services.register(event, person("bo@myndighet.se", name="Bo"))
    anna, bo = mailoutbox
    assert anna.body.startswith("Hej Anna!\n") and "Anna Andersson" not in anna.body
    assert "<p>Hej Anna!</p>" in anna.alternatives[0][0]
    assert bo.body.startswith("Hej!\n")
    assert f"Om {event.event_noun}: http://testserver" in anna.body
    assert f'">Om {event.event_noun}</a>' in anna.alternatives[0][0]


def test_a_save_that_moves_nothing_a_person_sees_mails_no_one(make_event, mailoutbox):
    event = make_event(capacity=1)
    sign_up(event, 2)
    mailoutbox.clear()
    # An admin form keeps minutes, not the seconds a factory or a script left.
    event.starts_at = event.starts_at.replace(second=0, microsecond=0)
    event.ends_at = event.ends_at.replace(second=0, microsecond=0)
    event.save()
    event.signup_closes_at = event.starts_at - dt.timedelta(hours=1)
    event.save()
    assert mailoutbox == []


def test_a_new_joining_link_goes_to_those_with_a_seat(make_event, mailoutbox):
    event = make_event(
        capacity=1, is_online=True, venue="", online_url="https://meet.example.se/gammal"
    )
    seated, waiting = sign_up(event, 2)
    mailoutbox.clear()

    event.online_url = "https://meet.example.se/ny"
    event.save()

    title = event.event_title()
    (told,) = mailoutbox
    assert told.to == [seated.email]
    assert told.subject == f"Ny länk för att ansluta: {title}"
    body = _seen(told.body)
    assert f"”{title}” har fått en ny länk för att ansluta." in body
    assert "Länk för att ansluta: https://meet.example.se/ny\n" in body
    assert "gammal" not in body and "Tidigare" not in body
    assert "så ändras händelsen i din kalender" in body
    method, vevent = _calendar(told)
    assert method == "PUBLISH" and vevent["SEQUENCE"] == 1
    assert "https://meet.example.se/ny" in str(vevent["DESCRIPTION"])
    html = told.alternatives[0][0]
    assert '<a href="https://meet.example.se/ny">' in html
    assert waiting.email not in [m.to[0] for m in mailoutbox]


def test_a_link_added_with_the_move_to_online_is_one_mail(make_event, mailoutbox):
    event = make_event(capacity=5, venue="Statskontoret", address="Stockholm")
    (seated,) = sign_up(event, 1)
    mailoutbox.clear()

    event.is_online, event.venue, event.address = True, "", ""
    event.online_url = "https://meet.example.se/ny"
    event.save()

    (told,) = mailoutbox
    assert told.to == [seated.email]
    assert told.subject.startswith("Ny tid eller plats: ")
    assert "Tidigare plats: Statskontoret, Stockholm" in _seen(told.body)
    assert "Länk för att ansluta: https://meet.example.se/ny" in told.body
