"""Admin: counts per seminar, registrations with filters, CSV export, waiting-list actions."""

import csv
import io

import pytest

from forvaltningskultur.registration import services
from seminars.models import SeminarRegistration
from tests.registration.helpers import sign_up as _sign_up

from .factories import make_seminar

pytestmark = pytest.mark.django_db


def test_seminar_list_shows_counts(staff_client):
    seminar = make_seminar(capacity=2)
    people = _sign_up(seminar, 4)
    services.cancel(people[0], send_mail=False)
    html = staff_client.get("/admin/seminars/seminar/").content.decode()
    # One narrow column: seats taken of the capacity, the waiting list, the cancelled.
    assert "Anmälda" in html
    assert "2 / 2, 1 i kö, 1 avbokad" in html  # one waiting person took the freed seat


def test_registration_admin_search_and_filter(staff_client):
    seminar = make_seminar(capacity=1)
    _sign_up(seminar, 2)
    page = staff_client.get("/admin/seminars/seminarregistration/?status__exact=waitlist")
    assert "Person 1" in page.content.decode() and "Person 0" not in page.content.decode()
    page = staff_client.get("/admin/seminars/seminarregistration/?q=p0%40x.se")
    assert "Person 0" in page.content.decode()


def test_csv_export_action(staff_client):
    seminar = make_seminar()
    services.register(
        seminar, {"name": "=1+1", "email": "a@x.se", "organisation": "@org"}, send_mail=False
    )
    ids = list(SeminarRegistration.objects.values_list("pk", flat=True))
    response = staff_client.post(
        "/admin/seminars/seminarregistration/", {"action": "export_csv", "_selected_action": ids}
    )
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][2] == "Namn"
    assert rows[1][2] == "'=1+1" and rows[1][4] == "'@org"


def test_seminar_level_export(staff_client):
    seminar = make_seminar()
    _sign_up(seminar, 3)
    response = staff_client.post(
        "/admin/seminars/seminar/",
        {"action": "export_registrations", "_selected_action": [seminar.pk]},
    )
    assert response.content.decode("utf-8-sig").count("Myndigheten") == 3


def test_move_off_waitlist_and_mark_attended(staff_client, mailoutbox):
    seminar = make_seminar(capacity=1)
    seated, waiting = _sign_up(seminar, 2)
    staff_client.post(
        "/admin/seminars/seminarregistration/",
        {"action": "move_off_waitlist", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mailoutbox[-1].subject.startswith("Du har fått en plats")
    staff_client.post(
        "/admin/seminars/seminarregistration/",
        {"action": "mark_attended", "_selected_action": [seated.pk]},
    )
    seated.refresh_from_db()
    assert seated.attended is True


def test_resend_confirmation_action(staff_client, mailoutbox):
    seminar = make_seminar()
    (person,) = _sign_up(seminar, 1)
    staff_client.post(
        "/admin/seminars/seminarregistration/",
        {"action": "resend_confirmation", "_selected_action": [person.pk]},
    )
    person.refresh_from_db()
    assert person.mail_status == "sent" and len(mailoutbox) == 1


def test_seminar_change_page_has_inlines(staff_client):
    seminar = make_seminar()
    _sign_up(seminar, 1)
    html = staff_client.get(f"/admin/seminars/seminar/{seminar.pk}/change/").content.decode()
    assert "speakers-TOTAL_FORMS" in html and "films-TOTAL_FORMS" in html
    assert "Person 0" in html
