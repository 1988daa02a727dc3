"""Mails (attachment parsed back), failures and resend, and the calendar builder."""

import datetime as dt
import logging

import icalendar
import pytest
from django.utils import timezone

from forvaltningskultur.registration import emails, ics, services
from forvaltningskultur.registration.tokens import registrant_path

pytestmark = pytest.mark.django_db


def _vevent(data: bytes):
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    return events[0]


def test_confirmation_mail_in_swedish_with_ics_and_link(make_event, person, mailoutbox):
    event = make_event()
    registration = services.register(event, person()).registration
    message = mailoutbox[0]
    assert message.subject == f"Bekräftelse: {event.event_title()}"
    assert "Hej Anna!" in message.body  # by first name
    assert "Du har fått en plats." in message.body
    link = f"http://testserver{registrant_path(registration)}"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html and 'lang="sv"' in html
    name, content, mimetype = message.attachments[0]
    assert name == "kalender.ics" and mimetype.startswith("text/calendar")
    vevent = _vevent(content)
    assert vevent["SUMMARY"] == event.event_title()
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(vevent["UID"]) == ics.uid(event)


def test_waitlist_mail_has_no_calendar(make_event, person, mailoutbox):
    event = make_event(capacity=0)
    services.register(event, person())
    assert "nummer 1 på väntelistan" in mailoutbox[0].body
    assert mailoutbox[0].attachments == []


def test_online_joining_link_only_in_registrants_copy(make_event, person, mailoutbox):
    event = make_event(is_online=True, venue="", online_url="https://meet.example.se/hemlig")
    services.register(event, person())
    assert "https://meet.example.se/hemlig" in mailoutbox[0].body
    private = _vevent(mailoutbox[0].attachments[0][1])
    assert "meet.example.se/hemlig" in str(private["LOCATION"])
    public = _vevent(ics.calendar_for([event]).to_ical())
    assert "hemlig" not in public.to_ical().decode()


def test_failed_mail_keeps_the_signup_logs_without_personal_data(
    make_event, person, caplog, settings
):
    from forvaltningskultur import outbox
    from forvaltningskultur.models import OutgoingMail

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1
    settings.OUTBOX_MAX_ATTEMPTS = 2
    event = make_event()
    with caplog.at_level(logging.WARNING):
        registration = services.register(event, person("hemlig.person@myndighet.se")).registration
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    mail = OutgoingMail.objects.get()
    # The first try failed: the mail waits for the next, a while later.
    assert (mail.status, mail.attempts, registration.mail_status) == ("pending", 1, "pending")
    assert mail.next_attempt_at > timezone.now()
    mail.next_attempt_at = timezone.now()
    mail.save()
    outbox.deliver_due()
    registration.refresh_from_db()
    mail.refresh_from_db()
    assert (mail.status, registration.mail_status) == ("failed", "failed")
    assert "kunde inte skickas" in caplog.text
    assert "hemlig" not in caplog.text and "Anna" not in caplog.text


def test_resend_after_failure(make_event, person, mailoutbox):
    event = make_event()
    registration = services.register(event, person(), send_mail=False).registration
    assert registration.mail_status == "pending"
    assert emails.send_registration_mail(registration) is True
    registration.refresh_from_db()
    assert registration.mail_status == "sent"
    assert len(mailoutbox) == 1


def test_cancelled_event_is_status_cancelled_with_higher_sequence(make_event):
    event = make_event()
    before = _vevent(ics.calendar_for([event]).to_ical())
    event.is_cancelled = True
    event.save()
    after = _vevent(ics.calendar_for([event]).to_ical())
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["UID"] == before["UID"]


def test_daylight_saving_times_are_local(make_event):
    summer = dt.datetime(2030, 6, 5, 13, 0, tzinfo=ics.STOCKHOLM)
    event = make_event(starts_at=summer, ends_at=summer + dt.timedelta(hours=1, minutes=30))
    text = ics.calendar_for([event]).to_ical().decode()
    assert "DTSTART;TZID=Europe/Stockholm:20300605T130000" in text
    assert "DTEND;TZID=Europe/Stockholm:20300605T143000" in text


def test_cancelling_the_event_mails_everyone_still_signed_up(make_event, person, mailoutbox):
    event = make_event(capacity=1)
    seated = services.register(event, person("forst@myndighet.se")).registration
    services.register(event, person("kö@myndighet.se"))
    gone = services.register(event, person("borta@myndighet.se")).registration
    services.cancel(gone)
    mailoutbox.clear()
    event.is_cancelled = True
    event.save()  # however it is cancelled, the save mails everyone (not only admin's)
    assert event.cancellation_mails_on_save == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["forst@myndighet.se", "kö@myndighet.se"]
    mail = next(m for m in mailoutbox if m.to == [seated.email])
    assert mail.subject == f"Inställt: {event.event_title()}"
    assert "inställt" in mail.body
    assert "Se eller avboka" not in mail.body
    vevent = _vevent(mail.attachments[0][1])
    assert vevent["STATUS"] == "CANCELLED"


def test_event_cancelled_mail_mentions_the_calendar_file_only_when_attached(
    make_event, person, mailoutbox
):
    event = make_event(capacity=1)
    services.register(event, person("plats@myndighet.se"))
    services.register(event, person("kö@myndighet.se"))
    mailoutbox.clear()
    event.is_cancelled = True
    event.save()
    mails = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2
    seated, waiting = mails["plats@myndighet.se"], mails["kö@myndighet.se"]
    for mail in (seated, waiting):
        html = mail.alternatives[0][0]
        assert "inställt" in mail.body and "inställt" in html
        assert "Se eller avboka" not in mail.body and "Se eller avboka" not in html
    # With a seat the event was in their calendar: the attached file removes it.
    assert len(seated.attachments) == 1
    assert "kalenderfilen tar bort händelsen" in seated.body
    assert "kalenderfilen tar bort händelsen" in seated.alternatives[0][0]
    # On the waiting list they had nothing in their calendar: no file, and no word of one.
    assert waiting.attachments == []
    for text in (waiting.body, waiting.alternatives[0][0]):
        assert "kalenderfil" not in text


def test_cancelled_outside_admin_mails_once(make_event, person, mailoutbox):
    """A script or the shell cancels: the registrants hear it once, and saving the
    cancelled event again sends nothing more."""
    event = make_event(capacity=5)
    services.register(event, person("plats@myndighet.se"))
    mailoutbox.clear()
    fresh = type(event).objects.get(pk=event.pk)
    fresh.is_cancelled = True
    fresh.save()
    assert [m.subject for m in mailoutbox] == [f"Inställt: {event.event_title()}"]
    fresh.save()
    assert len(mailoutbox) == 1
