"""Capacity, waiting list, duplicates, cancellation and promotion: the service layer."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from forvaltningskultur.registration import services
from forvaltningskultur.registration.models import RegistrationStatus, SignupState
from forvaltningskultur.registration.tokens import registrant_path

pytestmark = pytest.mark.django_db


def test_seats_then_waiting_list_first_come_first_served(make_event, person, mailoutbox):
    event = make_event(capacity=2)
    results = [services.register(event, person(f"p{i}@myndighet.se")) for i in range(4)]
    assert [r.registration.status for r in results] == [
        "confirmed",
        "confirmed",
        "waitlist",
        "waitlist",
    ]
    event.refresh_from_db()
    assert event.signup_state() == SignupState.WAITLIST
    assert str(event.signup_state().label) == "Fullbokat – väntelista"
    assert results[3].registration.waitlist_position() == 2
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Bekräftelse", "Bekräftelse", "Du står på väntelistan", "Du står på väntelistan",
    ]  # fmt: skip


def test_same_address_takes_no_second_seat_and_gets_its_link_again(make_event, person, mailoutbox):
    event = make_event(capacity=5)
    first = services.register(event, person("anna@myndighet.se"))
    again = services.register(event, person("ANNA@myndighet.se", name="Någon annan"))
    assert again.created is False
    assert again.registration.pk == first.registration.pk
    assert event.registrations.count() == 1
    assert event.registrations.get().name == "Anna Andersson"
    assert len(mailoutbox) == 2
    assert registrant_path(first.registration) in mailoutbox[1].body


def test_cancel_frees_the_seat_and_promotes_the_first_waiting(make_event, person, mailoutbox):
    event = make_event(capacity=1)
    seated = services.register(event, person("a@x.se")).registration
    first = services.register(event, person("b@x.se")).registration
    second = services.register(event, person("c@x.se")).registration
    mailoutbox.clear()
    assert services.cancel(seated) is True
    first.refresh_from_db()
    second.refresh_from_db()
    assert (seated.status, first.status, second.status) == ("cancelled", "confirmed", "waitlist")
    assert second.waitlist_position() == 1
    assert {m.to[0]: m.subject.split(":")[0] for m in mailoutbox} == {
        "a@x.se": "Din anmälan är avbokad",
        "b@x.se": "Du har fått en plats",
    }
    # A double submit of the cancellation changes nothing.
    assert services.cancel(seated) is False
    assert event.registrations.filter(status="confirmed").count() == 1


def test_raised_capacity_promotes_in_order(make_event, person):
    event = make_event(capacity=1)
    for i in range(3):
        services.register(event, person(f"p{i}@x.se"), send_mail=False)
    event.capacity = 2
    event.save()  # a raised capacity moves the waiting list up by itself
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert sorted(r.email for r in confirmed) == ["p0@x.se", "p1@x.se"]
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLIST)
    assert [r.email for r in waiting] == ["p2@x.se"]
    assert services.promote_from_waitlist(event, send_mail=False) == []


@pytest.mark.parametrize(
    ("overrides", "state"),
    [
        ({"is_cancelled": True}, SignupState.CANCELLED),
        ({"signup_closes_at": timezone.now() - dt.timedelta(hours=1)}, SignupState.CLOSED),
        ({"signup_opens_at": timezone.now() + dt.timedelta(days=1)}, SignupState.CLOSED),
        (
            {
                "starts_at": timezone.now() - dt.timedelta(minutes=5),
                "ends_at": timezone.now() + dt.timedelta(hours=1),
            },
            SignupState.CLOSED,
        ),
    ],
)
def test_no_signup_when_closed_or_cancelled(make_event, person, overrides, state):
    event = make_event(**overrides)
    assert event.signup_state() == state
    with pytest.raises(services.SignupClosedError):
        services.register(event, person())
    assert event.registrations.count() == 0


def test_unpublished_event_takes_no_signup(make_event, person):
    event = make_event(published=False)
    with pytest.raises(services.SignupClosedError):
        services.register(event, person())


def test_online_event_drops_dietary_needs(make_event, person):
    event = make_event(is_online=True, venue="", online_url="https://meet.example.se/abc")
    registration = services.register(event, person(), send_mail=False).registration
    assert registration.dietary_needs == ""


def test_sequence_rises_when_the_time_changes(make_event):
    event = make_event()
    assert event.ics_sequence == 0
    event.title_changed = True
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 0
    event.starts_at += dt.timedelta(hours=1)
    event.ends_at += dt.timedelta(hours=1)
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 1
    event.is_cancelled = True
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 2


@pytest.mark.backend
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_signups_for_five_seats(make_event, person):
    event = make_event(capacity=5)
    barrier = threading.Barrier(20)
    errors = []

    def sign_up(i):
        try:
            barrier.wait(timeout=30)
            services.register(event, person(f"person{i}@myndighet.se"), send_mail=False)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(event.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITLIST) == 15
