"""Every staff page of an event (registration/staff_urls.py), walked for every role.

The role matrix in tests/site/ walks the model admins' own URLs; these pages sit beside
admin, so they are walked here, from the URL list itself: a page added there is covered
as it is added. Anonymous visitors go to admin's login, the editor gets 403 on every
method and never a registrant's name, the registrations role and superusers get the page.
"""

import pytest
from django.test import Client
from django.urls import URLPattern

from forvaltningskultur import roles
from forvaltningskultur.registration import services, staff_urls
from forvaltningskultur.registration.staff import staff_url

from .staff_helpers import role_user

pytestmark = pytest.mark.django_db

NAME = "Pernilla Persondatasson"
PAGES = [p.name for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _event(make_event):
    event = make_event(capacity=3)
    services.register(
        event, {"name": NAME, "email": "pernilla@x.se", "organisation": "X"}, send_mail=False
    )
    return event


def test_the_walk_covers_the_pages():
    assert set(PAGES) >= {"attendees", "checkin", "message"}


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_goes_to_the_login(page, make_event):
    url = staff_url(page, _event(make_event))
    for method in ("get", "post"):
        response = getattr(_client(), method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("page", PAGES)
def test_the_editor_is_refused_and_sees_no_registrant(page, make_event, django_user_model):
    event = _event(make_event)
    url = staff_url(page, event)
    editor = _client(role_user(django_user_model, roles.EDITOR))
    for method in ("get", "post"):
        response = getattr(editor, method)(url, {"registration": event.registrations.get().pk})
        assert response.status_code == 403, (method, url)
        assert NAME.encode() not in response.content
    assert event.registrations.get().attended is False


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [roles.REGISTRATIONS, "superuser"])
def test_the_registrations_role_and_superusers_get_the_page(
    page, role, make_event, django_user_model
):
    event = _event(make_event)
    if role == "superuser":
        user = django_user_model.objects.create_superuser("chef", password="ett-langt-1")
    else:
        user = role_user(django_user_model, role)
    response = _client(user).get(staff_url(page, event))
    assert response.status_code == 200, response.status_code
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    ), response["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
def test_another_apps_model_or_a_missing_event_is_not_found(page, make_event, django_user_model):
    event = _event(make_event)
    staff = _client(role_user(django_user_model, roles.REGISTRATIONS))
    good = staff_url(page, event)
    for bad in (
        good.replace(f"/{event.pk}/", f"/{event.pk + 1000}/"),
        good.replace(f"/{event._meta.model_name}/", "/dilemma/"),
        good.replace(f"/{event._meta.app_label}/", "/auth/").replace(
            f"/{event._meta.model_name}/", "/user/"
        ),
    ):
        assert staff.get(bad).status_code == 404, bad
