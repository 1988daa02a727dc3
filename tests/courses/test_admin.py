"""Admin: occasions inline in the course, counts, registrations through the shared engine
(filters, CSV export, waiting-list actions, attendance)."""

import csv
import io

import pytest
from django.utils import timezone

from courses.admin import CourseAdmin
from courses.models import CourseOccasion, OccasionRegistration
from forvaltningskultur.registration import services
from tests.registration.helpers import sign_up as _sign_up
from tests.visible import admin_picker

from .factories import make_course, make_occasion

pytestmark = pytest.mark.django_db


def _inline_data(course, occasion, **changes):
    local = timezone.localtime
    row = {
        "id": occasion.pk,
        "course": course.pk,
        "starts_at_0": local(occasion.starts_at).strftime("%Y-%m-%d"),
        "starts_at_1": local(occasion.starts_at).strftime("%H:%M"),
        "ends_at_0": local(occasion.ends_at).strftime("%Y-%m-%d"),
        "ends_at_1": local(occasion.ends_at).strftime("%H:%M"),
        "venue": occasion.venue,
        "address": occasion.address,
        "online_url": "",
        "capacity": occasion.capacity,
        **changes,
    }
    data = {
        "title": course.title,
        "slug": course.slug,
        "introduction": course.introduction,
        "body": course.body,
        "target_group": course.target_group,
        "organiser": course.organiser,
        "status": course.status,
        "publish_at_0": local(course.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": local(course.publish_at).strftime("%H:%M"),
        "occasions-TOTAL_FORMS": 1,
        "occasions-INITIAL_FORMS": 1,
        "occasions-MIN_NUM_FORMS": 0,
        "occasions-MAX_NUM_FORMS": 1000,
    }
    data.update({f"occasions-0-{key}": value for key, value in row.items()})
    return data


def test_course_change_page_edits_occasions_inline_with_counts(staff_client):
    course = make_course()
    occasion = make_occasion(course, capacity=2)
    _sign_up(occasion, 3)
    html = staff_client.get(f"/admin/courses/course/{course.pk}/change/").content.decode()
    assert "occasions-TOTAL_FORMS" in html
    assert "2 av 2 platser, 1 på väntelistan" in html
    assert f"/admin/courses/occasionregistration/?event__id__exact={occasion.pk}" in html
    assert "Granska senast" in html


def test_raising_capacity_inline_promotes_the_waiting_list(staff_client, mailoutbox):
    course = make_course()
    occasion = make_occasion(course, capacity=1)
    _sign_up(occasion, 3)
    response = staff_client.post(
        f"/admin/courses/course/{course.pk}/change/", _inline_data(course, occasion, capacity=2)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    occasion.refresh_from_db()
    assert occasion.capacity == 2
    assert occasion.registrations.filter(status="confirmed").count() == 2
    assert [m.to for m in mailoutbox] == [["p1@x.se"]]
    assert mailoutbox[0].subject.startswith("Du har fått en plats")


def test_inline_occasion_is_validated(staff_client):
    course = make_course()
    occasion = make_occasion(course)
    data = _inline_data(course, occasion, venue="")
    response = staff_client.post(f"/admin/courses/course/{course.pk}/change/", data)
    assert response.status_code == 200
    assert "Ange en plats, eller kryssa i ”digitalt”." in response.content.decode()


def test_occasion_list_shows_counts_and_exports(staff_client):
    occasion = make_occasion(make_course(title="Att leda samtal"), capacity=2)
    people = _sign_up(occasion, 4)
    services.cancel(people[0], send_mail=False)
    html = staff_client.get("/admin/courses/courseoccasion/").content.decode()
    assert "Att leda samtal" in html and "2 / 2" in html
    response = staff_client.post(
        "/admin/courses/courseoccasion/",
        {"action": "export_registrations", "_selected_action": [occasion.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Evenemang", "Datum", "Namn"]
    assert len(rows) == 4  # header + 2 seated + 1 waiting; the cancelled one is left out
    assert rows[1][0] == occasion.event_title()


def test_registration_admin_filters_and_actions(staff_client, mailoutbox):
    occasion = make_occasion(capacity=1)
    seated, waiting = _sign_up(occasion, 2)
    url = "/admin/courses/occasionregistration/"
    html = staff_client.get(f"{url}?status__exact=waitlist").content.decode()
    assert "Person 1" in html and "Person 0" not in html
    staff_client.post(url, {"action": "move_off_waitlist", "_selected_action": [waiting.pk]})
    staff_client.post(url, {"action": "mark_attended", "_selected_action": [seated.pk]})
    waiting.refresh_from_db()
    seated.refresh_from_db()
    assert waiting.status == "confirmed" and seated.attended is True
    assert mailoutbox[-1].subject.startswith("Du har fått en plats")
    assert staff_client.get(f"{url}add/").status_code == 403  # sign-ups go through the form


def test_occasion_change_page_lists_registrations(staff_client):
    occasion = make_occasion()
    _sign_up(occasion, 1)
    html = staff_client.get(f"/admin/courses/courseoccasion/{occasion.pk}/change/").content
    assert "Person 0" in html.decode()
    assert OccasionRegistration.objects.count() == 1
    assert CourseOccasion.objects.count() == 1


def _queries(staff_client, method, url, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(staff_client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_registration_list_and_exports_take_no_query_per_row(staff_client):
    """The queue place and the occasion's course come with the rows, not one query each."""
    url = "/admin/courses/occasionregistration/"

    def requests():
        ids = list(OccasionRegistration.objects.values_list("pk", flat=True))
        occasions = list(CourseOccasion.objects.values_list("pk", flat=True))
        listing, _ = _queries(staff_client, "get", url)
        export, rows = _queries(
            staff_client, "post", url, {"action": "export_csv", "_selected_action": ids}
        )
        per_event, _ = _queries(
            staff_client,
            "post",
            "/admin/courses/courseoccasion/",
            {"action": "export_registrations", "_selected_action": occasions},
        )
        return (listing, export, per_event), rows

    _sign_up(make_occasion(make_course(), capacity=1), 2)
    requests()  # sessions and the like are cached from here on
    few, _ = requests()
    for n in range(3):
        _sign_up(make_occasion(make_course(), capacity=1), 3, start=10 * (n + 1))
    many, response = requests()
    assert many == few
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 11
    assert sorted(row[7] for row in rows[1:] if row[7]) == ["1", "1", "1", "1", "2", "2", "2"]


def test_course_list_shows_the_next_occasion_and_sorts_by_it(staff_client):
    later = make_course(title="Kursen senare")
    make_occasion(later, starts_at=timezone.now() + timezone.timedelta(days=30))
    sooner = make_course(title="Kursen snart")
    make_occasion(sooner, starts_at=timezone.now() + timezone.timedelta(days=3), is_draft=True)
    make_course(title="Kursen utan tillfälle")
    url = "/admin/courses/course/"
    html = staff_client.get(url).content.decode()
    assert "Nästa tillfälle" in html
    column = CourseAdmin.list_display.index("next_occasion") + 1
    html = staff_client.get(url, {"o": str(column)}).content.decode()
    # Staff plan with drafts too: the draft occasion is the next one of its course.
    assert html.index("Kursen snart") < html.index("Kursen senare")
    html = staff_client.get(url, {"o": f"-{column}"}).content.decode()
    assert html.index("Kursen senare") < html.index("Kursen snart")


def test_the_occasions_course_picker_lists_courses_by_title(admin_client):
    for title in ("Öppen förvaltning", "Att leda samtal", "Mutor och jäv"):
        make_course(title=title)
    assert admin_picker(admin_client, "courses", "courseoccasion", "course") == [
        "Att leda samtal",
        "Mutor och jäv",
        "Öppen förvaltning",
    ]
