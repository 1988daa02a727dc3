"""CSV export for Excel without formula injection, and the GDPR purge with time travel."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from forvaltningskultur.registration import services
from forvaltningskultur.registration.export import csv_response, safe_cell
from forvaltningskultur.registration.tokens import registrant_path

pytestmark = pytest.mark.django_db


def _rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_starts_are_escaped(value):
    assert safe_cell(value) == "'" + value


def test_csv_export_with_swedish_headers_and_dangerous_names(make_event, person):
    event = make_event()
    services.register(event, person(name='=cmd|" /C calc"!A0'), send_mail=False)
    services.register(event, person("b@x.se", name="<script>x</script>"), send_mail=False)
    model = event.registrations.model
    rows = _rows(csv_response(model.objects.filter(event=event), "lista.csv"))
    assert rows[0][:4] == ["Evenemang", "Datum", "Namn", "E-postadress"]
    assert rows[1][2] == '\'=cmd|" /C calc"!A0'
    assert rows[2][2] == "<script>x</script>"  # CSV is data, not HTML; Excel shows it as text
    assert rows[1][6] == "Anmäld"


def test_purge_removes_needs_after_event_and_all_later(make_event, person, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    start = timezone.now() + dt.timedelta(days=3)
    event = make_event(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    for i in range(3):
        services.register(event, person(f"p{i}@x.se"), send_mail=False)
    model = event.registrations.model

    call_command("purge_personal_data", stdout=io.StringIO())
    assert model.objects.filter(dietary_needs="Vegetarisk").count() == 3  # before the event

    with time_machine.travel(start + dt.timedelta(days=1)):
        call_command("purge_personal_data", stdout=io.StringIO())
    assert model.objects.filter(dietary_needs="", accessibility_needs="").count() == 3
    assert model.objects.filter(name="Anna Andersson").count() == 3

    with time_machine.travel(start + dt.timedelta(days=32)):
        out = io.StringIO()
        call_command("purge_personal_data", stdout=out)
        call_command("purge_personal_data", stdout=out)  # idempotent
    assert model.objects.filter(event=event).count() == 3  # counts remain
    assert event.confirmed_count == 3
    assert not model.objects.exclude(name="").exists()
    assert not model.objects.exclude(email="").exists()
    assert not model.objects.exclude(organisation="").exists()
    assert "alla personuppgifter raderade i 3" in out.getvalue()
    assert "alla personuppgifter raderade i 0" in out.getvalue()


def test_purged_registrant_link_stops_working(client, make_event, person, settings):
    start = timezone.now() + dt.timedelta(days=1)
    event = make_event(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    registration = services.register(event, person(), send_mail=False).registration
    url = registrant_path(registration)
    with time_machine.travel(start + dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 2)):
        call_command("purge_personal_data", stdout=io.StringIO())
        assert client.get(url).status_code == 404


def test_queue_places_in_one_query_match_the_per_row_answer(
    make_event, person, django_assert_num_queries
):
    event = make_event(capacity=1)
    other = make_event(capacity=0)
    people = [
        services.register(event, person(f"p{i}@x.se"), send_mail=False).registration
        for i in range(5)
    ]
    services.register(other, person("o@x.se"), send_mail=False)
    model = event.registrations.model
    # Two waiting with the same time: the earlier row (pk) is ahead.
    model.objects.filter(pk__in=[people[2].pk, people[3].pk]).update(
        created_at=people[2].created_at
    )
    services.cancel(people[1], send_mail=False)  # a waiting person leaves the queue
    expected = {r.pk: r.waitlist_position() for r in model.objects.all()}
    assert sorted(p for p in expected.values() if p) == [1, 1, 2, 3]
    assert expected[people[0].pk] is None and expected[people[1].pk] is None
    with django_assert_num_queries(1):
        annotated = {r.pk: r.waitlist_position() for r in model.objects.with_waitlist_position()}
    assert annotated == expected
