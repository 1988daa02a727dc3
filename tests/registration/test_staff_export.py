"""The exports: one event's file is named by its slug and date, and its rows come seated
first, then the waiting list in queue order, then the cancelled."""

import csv
import io

import pytest
from django.utils import timezone

from forvaltningskultur.registration import services

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _changelist(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def _slug(event):
    return getattr(event, "slug", None) or event.course.slug


@pytest.fixture
def signed_up(make_event):
    """One seat: Ärla has it, Bodil then Cecilia wait, David cancelled; names in an
    order that neither the alphabet nor the status codes give."""
    event = make_event(capacity=1)
    people = {}
    for name in ["Ärla Först", "Bodil Andra", "Cecilia Tredje", "David Fjärde"]:
        email = f"{name.split()[0].lower()}@x.se"
        data = {"name": name, "email": email, "organisation": "Myndigheten"}
        people[name] = services.register(event, data, send_mail=False).registration
    services.cancel(people["David Fjärde"], send_mail=False)
    return event


def test_registration_export_orders_seated_queue_cancelled_and_names_the_event(
    staff_client, signed_up
):
    event = signed_up
    model = event.registrations.model
    ids = list(model.objects.values_list("pk", flat=True))
    response = staff_client.post(
        _changelist(model), {"action": "export_csv", "_selected_action": ids}
    )
    day = timezone.localtime(event.starts_at).date().isoformat()
    assert f'filename="anmalningar-{_slug(event)}-{day}.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert [(row[2], row[6], row[7]) for row in rows[1:]] == [
        ("Ärla Först", "Anmäld", ""),
        ("Bodil Andra", "Väntelista", "1"),
        ("Cecilia Tredje", "Väntelista", "2"),
        ("David Fjärde", "Avbokad", ""),
    ]


def test_event_export_names_the_event_and_keeps_the_queue_order(staff_client, signed_up):
    event = signed_up
    response = staff_client.post(
        _changelist(type(event)), {"action": "export_registrations", "_selected_action": [event.pk]}
    )
    day = timezone.localtime(event.starts_at).date().isoformat()
    assert f'filename="anmalningar-{_slug(event)}-{day}.csv"' in response["Content-Disposition"]
    # The attendee list leaves the cancelled out, as it always has.
    assert [row[2] for row in _rows(response)[1:]] == [
        "Ärla Först",
        "Bodil Andra",
        "Cecilia Tredje",
    ]


def test_several_events_are_named_by_the_day(staff_client, make_event):
    events = [make_event(), make_event()]
    response = staff_client.post(
        _changelist(type(events[0])),
        {"action": "export_registrations", "_selected_action": [e.pk for e in events]},
    )
    today = timezone.localdate().isoformat()
    assert f'filename="deltagare-{today}.csv"' in response["Content-Disposition"]
