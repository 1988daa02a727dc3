"""Check-in at the door: a staff page per event for a phone; search without JavaScript
and as one types, one tap marks "närvarande" and one undoes it, arrived / expected;
only for the registrations role (the editor gets 403), with admin's CSRF."""

import pytest
from django.test import Client

from forvaltningskultur import roles
from forvaltningskultur.registration import services
from forvaltningskultur.registration.staff import staff_url

from .staff_helpers import logged_in_context, role_user, visible_text

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Karin Lind", "Skatteverket"),
    ("Olle Berg", "Kammarkollegiet"),
    ("Maja Lindqvist", "Statskontoret"),
    ("Per Åkesson", "Skatteverket"),
]


def _event_with_people(make_event):
    event = make_event(capacity=4)
    for i, (name, organisation) in enumerate(PEOPLE):
        data = {"name": name, "email": f"p{i}@x.se", "organisation": organisation}
        services.register(event, data, send_mail=False)
    waiting = {"name": "Vera Väntar", "email": "w@x.se", "organisation": "X"}
    services.register(event, waiting, send_mail=False)  # no seat: not at the door
    return event


def test_search_and_marking_work_without_javascript(client, make_event, django_user_model):
    event = _event_with_people(make_event)
    client.force_login(role_user(django_user_model, roles.REGISTRATIONS))
    url = staff_url("checkin", event)
    page = visible_text(client.get(url))
    assert "0 av 4 har kommit" in page
    assert "Vera Väntar" not in page
    found = visible_text(client.get(url, {"q": "lind"}))
    assert "Karin Lind" in found and "Maja Lindqvist" in found and "Olle Berg" not in found
    assert "2 träffar på ”lind”" in found
    assert "Per Åkesson" in visible_text(client.get(url, {"q": "åkes"}))

    karin = event.registrations.get(name="Karin Lind")
    response = client.post(
        url, {"registration": karin.pk, "attended": "1", "next": f"{url}?q=lind"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?q=lind#anmalan-{karin.pk}"
    karin.refresh_from_db()
    assert karin.attended is True
    assert "1 av 4 har kommit" in visible_text(client.get(url))
    client.post(url, {"registration": karin.pk, "attended": "0", "next": "https://evil.example/"})
    karin.refresh_from_db()
    assert karin.attended is False
    # Someone on the waiting list is not checked in from here.
    vera = event.registrations.get(name="Vera Väntar")
    assert client.post(url, {"registration": vera.pk, "attended": "1"}).status_code == 404


def test_only_the_registrations_role_and_with_csrf(make_event, django_user_model):
    event = _event_with_people(make_event)
    url = staff_url("checkin", event)
    karin = event.registrations.get(name="Karin Lind")

    anonymous = Client()
    assert anonymous.get(url).status_code == 302  # to admin's login
    editor = Client()
    editor.force_login(role_user(django_user_model, roles.EDITOR))
    assert editor.get(url).status_code == 403
    assert editor.post(url, {"registration": karin.pk, "attended": "1"}).status_code == 403
    assert editor.get(staff_url("message", event)).status_code == 403

    staff = Client(enforce_csrf_checks=True)
    staff.force_login(role_user(django_user_model, roles.REGISTRATIONS))
    assert staff.post(url, {"registration": karin.pk, "attended": "1"}).status_code == 403
    karin.refresh_from_db()
    assert karin.attended is False
    staff.get(url)
    token = staff.cookies[
        "__Host-csrftoken" if "__Host-csrftoken" in staff.cookies else "csrftoken"
    ]
    response = staff.post(
        url, {"registration": karin.pk, "attended": "1", "csrfmiddlewaretoken": token.value}
    )
    assert response.status_code == 302
    karin.refresh_from_db()
    assert karin.attended is True


@pytest.mark.browser
def test_check_in_on_a_phone(browser, live_server, make_event, django_user_model,
                             assert_accessible, tmp_path):  # fmt: skip
    event = _event_with_people(make_event)
    user = role_user(django_user_model, roles.REGISTRATIONS)
    context = logged_in_context(browser, live_server, user, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(staff_url("checkin", event))
        assert page.get_by_role("heading", name="Närvaro vid entrén", level=1).is_visible()
        assert page.get_by_text("0 av 4 har kommit").is_visible()
        assert_accessible(page)

        search = page.get_by_role("searchbox", name="Sök på namn eller organisation")
        search.press_sequentially("lind")
        assert page.get_by_role("button", name="Markera närvarande: Karin Lind").is_visible()
        assert page.get_by_role("button", name="Markera närvarande: Maja Lindqvist").is_visible()
        assert not page.get_by_role("button", name="Markera närvarande: Olle Berg").is_visible()
        assert page.get_by_role("status").inner_text() == "2 träffar."

        page.get_by_role("button", name="Markera närvarande: Karin Lind").click()
        page.wait_for_url("**#anmalan-*")
        assert page.get_by_text("1 av 4 har kommit").is_visible()
        undo = page.get_by_role("button", name="Ångra: Karin Lind")
        assert undo.is_visible()
        # The tap kept the search, and the person's button has the focus.
        assert search.input_value() == "lind"
        assert not page.get_by_role("button", name="Markera närvarande: Olle Berg").is_visible()
        assert undo.evaluate("element => element === document.activeElement")
        assert_accessible(page)
        page.screenshot(path=str(tmp_path / "narvaro-390.png"), full_page=True)

        undo.click()
        page.wait_for_load_state()
        assert page.get_by_text("0 av 4 har kommit").is_visible()
        assert page.get_by_role("button", name="Markera närvarande: Karin Lind").is_visible()
        assert event.registrations.filter(attended=True).count() == 0
    finally:
        context.close()
