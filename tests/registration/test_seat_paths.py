"""Every way a seat is freed gives it to the first on the waiting list, in the same
transaction, with a mail and a calendar file to the person who got it; the page
cache's seat rows follow. Run for each event model, on SQLite and on PostgreSQL."""

import datetime as dt

import icalendar
import pytest
from django.db import transaction

from forvaltningskultur.models import OutgoingMail, PageState
from forvaltningskultur.pagecache import seat_key
from forvaltningskultur.registration import ics
from forvaltningskultur.registration.tokens import registrant_path
from tests.registration.helpers import sign_up

pytestmark = [pytest.mark.backend, pytest.mark.django_db]


def _admin_url(registration, suffix=""):
    meta = registration._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{suffix}"


def self_cancel(client, event, seated):
    url = registrant_path(seated) + "avboka/"
    response = client.post(url, headers={"sec-fetch-site": "same-origin"})
    assert response.status_code == 302


def admin_cancel_action(client, event, seated):
    data = {"action": "cancel_registrations", "_selected_action": [seated.pk]}
    assert client.post(_admin_url(seated), data).status_code == 302


def status_saved_by_hand(client, event, seated):
    """What admin's change form does when staff set the status: save the model."""
    seated.status = "cancelled"
    seated.save()


def admin_delete(client, event, seated):
    url = _admin_url(seated, f"{seated.pk}/delete/")
    assert client.post(url, {"post": "yes"}).status_code == 302


def admin_bulk_delete(client, event, seated):
    data = {"action": "delete_selected", "_selected_action": [seated.pk], "post": "yes"}
    assert client.post(_admin_url(seated), data).status_code == 302


def capacity_raised(client, event, seated):
    event.capacity += 1
    event.save()


def moved_to_a_bigger_room(client, event, seated):
    event.venue = "Statskontoret, stora salen"
    event.starts_at += dt.timedelta(days=1)
    event.ends_at += dt.timedelta(days=1)
    event.capacity += 1
    event.save()


PATHS = [
    pytest.param(self_cancel, True, id="registrant-cancels"),
    pytest.param(admin_cancel_action, True, id="admin-cancel-action"),
    pytest.param(status_saved_by_hand, True, id="admin-status-changed"),
    pytest.param(admin_delete, False, id="admin-delete"),
    pytest.param(admin_bulk_delete, False, id="admin-bulk-delete"),
    pytest.param(capacity_raised, None, id="capacity-raised"),
    pytest.param(moved_to_a_bigger_room, None, id="event-moved-more-seats"),
]


def _seat_rows(event):
    rows = PageState.objects.filter(name__startswith=seat_key(event, ""))
    return {row.name.rsplit(":", 1)[1]: row.value for row in rows}


def _vevent(content):
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


@pytest.mark.parametrize(("free_a_seat", "seated_stays"), PATHS)
def test_a_freed_seat_goes_to_the_first_in_line(
    make_event, staff_client, mailoutbox, free_a_seat, seated_stays
):
    event = make_event(capacity=1)
    seated, first, second = sign_up(event, 3)
    assert _seat_rows(event) == {"confirmed": 1, "waitlist": 2, "full": 1}
    mailoutbox.clear()

    free_a_seat(staff_client, event, seated)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlist")
    assert first.promoted_at is not None
    assert second.waitlist_position() == 1
    event.refresh_from_db()
    seats = event.capacity
    assert _seat_rows(event) == {"confirmed": seats, "waitlist": 1, "full": 1}

    # The person who got the seat is told, with the event for their calendar.
    got_seat = [m for m in mailoutbox if m.to == [first.email]]
    assert [m.subject for m in got_seat] == [f"Du har fått en plats: {event.event_title()}"]
    assert "En plats har blivit ledig och den är din." in got_seat[0].body
    calendar, vevent = _vevent(got_seat[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(vevent["UID"]) == ics.uid(event)
    assert vevent["SEQUENCE"] == event.ics_sequence
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    # Nobody still waiting is told they got anything.
    to_second = [m.subject for m in mailoutbox if m.to == [second.email]]
    assert not [s for s in to_second if s.startswith("Du har fått en plats")]

    if seated_stays is None:  # more seats: the seated person keeps theirs
        seated.refresh_from_db()
        assert seated.status == "confirmed"
    elif seated_stays:  # cancelled: still listed as cancelled, told so, calendar cleared
        seated.refresh_from_db()
        assert seated.status == "cancelled" and seated.cancelled_at is not None
        (told,) = [m for m in mailoutbox if m.to == [seated.email]]
        assert told.subject == f"Din anmälan är avbokad: {event.event_title()}"
        calendar, vevent = _vevent(told.attachments[0][1])
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert str(vevent["UID"]) == ics.uid(event)
    else:  # deleted: gone
        assert not type(seated).objects.filter(pk=seated.pk).exists()


def test_a_delete_rolled_back_promotes_no_one_and_mails_no_one(make_event, mailoutbox):
    event = make_event(capacity=1)
    seated, waiting = sign_up(event, 2)
    mails_before = OutgoingMail.objects.count()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        seated.delete()
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"  # inside the transaction, at once
        raise Undo

    waiting.refresh_from_db()
    assert waiting.status == "waitlist"
    assert OutgoingMail.objects.count() == mails_before


def test_freeing_a_seat_that_was_waiting_moves_no_one_up(make_event, staff_client, mailoutbox):
    event = make_event(capacity=1)
    _seated, first, second = sign_up(event, 3)
    mailoutbox.clear()
    admin_delete(staff_client, event, first)
    second.refresh_from_db()
    assert second.status == "waitlist" and second.waitlist_position() == 1
    assert mailoutbox == []


def test_deleting_the_event_takes_its_registrations_without_mail(make_event, mailoutbox):
    event = make_event(capacity=1)
    sign_up(event, 3)
    mailoutbox.clear()
    event.delete()
    assert mailoutbox == []
