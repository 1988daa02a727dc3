"""Editorial workflow: roles, revision history, lockout, two-factor, readability."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings

from forvaltningskultur import roles
from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from forvaltningskultur.readability import describe, lix

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-1"


@pytest.fixture
def page_obj():
    return Page.objects.create(
        slot="om", title="Om oss", body="<p>Första</p>", status=Status.PUBLISHED
    )


def login_as(django_user_model, username, group=None, **flags):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **flags
    )
    if group:
        roles.sync_group_permissions()
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.EDITOR, roles.REGISTRATIONS}


def test_editor_may_edit_content_but_not_users(django_user_model, page_obj):
    client = login_as(django_user_model, "red", roles.EDITOR)
    assert client.get("/admin/forvaltningskultur/page/").status_code == 200
    assert client.get(f"/admin/forvaltningskultur/page/{page_obj.pk}/change/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_registration_handler_may_not_change_content(django_user_model, page_obj):
    client = login_as(django_user_model, "anm", roles.REGISTRATIONS)
    assert client.get("/admin/forvaltningskultur/page/add/").status_code == 403
    response = client.post(
        f"/admin/forvaltningskultur/page/{page_obj.pk}/change/", {"title": "Ändrad"}
    )
    assert response.status_code == 403
    page_obj.refresh_from_db()
    assert page_obj.title == "Om oss"


def test_history_compare_and_restore(staff_client, page_obj):
    for title in ("Andra versionen", "Tredje versionen"):
        page_obj.title = title
        page_obj.save()
    history = staff_client.get(f"/admin/forvaltningskultur/page/{page_obj.pk}/history/")
    body = history.content.decode()
    assert history.status_code == 200
    assert "Andra versionen" in body and "Tredje versionen" in body  # the changed field, old → new
    first = page_obj.history.earliest()
    url = f"/admin/forvaltningskultur/page/{page_obj.pk}/history/{first.history_id}/"
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["publish_at_0"], data["publish_at_1"] = (
        form.initial["publish_at"].strftime("%Y-%m-%d"),
        form.initial["publish_at"].strftime("%H:%M:%S"),
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page_obj.refresh_from_db()
    assert page_obj.title == "Om oss"
    assert page_obj.history.count() == 4


def test_lockout_after_five_wrong_passwords_even_with_the_right_one(django_user_model):
    django_user_model.objects.create_user(username="chef", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "chef", "password": "fel-losenord"}
        )
    response = client.post("/admin/login/?next=/admin/", {"username": "chef", "password": PASSWORD})
    assert response.status_code == 429
    assert "Inloggningen är spärrad" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_validators_require_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort-123")
    validate_password("ett-tillrackligt-langt-losenord")


@override_settings(STAFF_TWO_FACTOR=True)
def test_superuser_without_verified_device_is_refused_when_two_factor_is_on(django_user_model):
    from forvaltningskultur.admin_site import SiteAdmin

    client = login_as(django_user_model, "super", is_superuser=True)
    site = SiteAdmin()
    request = client.get("/admin/").wsgi_request
    assert not site.has_permission(request)


def test_demo_logins_one_per_role(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-losenord-123")
    call_command("ensure_demo_logins", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["redaktor"].groups.filter(name=roles.EDITOR).exists()
    assert users["anmalan"].groups.filter(name=roles.REGISTRATIONS).exists()


def test_lix_values():
    easy = "<p>Vi ses i dag. Det är kul. Hon tar bussen hem.</p>"
    hard = "<p>Förvaltningskulturens utvecklingsarbete förutsätter myndighetsgemensamma samverkansformer.</p>"
    assert lix(easy) < 30 < 60 < lix(hard)
    assert lix("") is None
    assert describe(lix(easy)).startswith("LIX ")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(39.4, "LIX 39 (lättläst)"), (39.9, "LIX 40 (medelsvår)"), (40.1, "LIX 40 (medelsvår)"),
     (29.5, "LIX 30 (lättläst)"), (60.0, "LIX 60 (mycket svår)")],
)  # fmt: skip
def test_the_level_is_that_of_the_number_shown(value, shown):
    assert describe(value) == shown


def test_admin_body_field_shows_lix(staff_client, page_obj):
    body = staff_client.get(
        f"/admin/forvaltningskultur/page/{page_obj.pk}/change/"
    ).content.decode()
    assert "Läsbarhet: <output>LIX" in body


def test_overdue_review_filter(staff_client):
    import datetime as dt

    from django.utils import timezone

    from dilemmas.models import CodeOfEthics

    today = timezone.localdate()
    for title, review_by in (
        ("Gammal kod", today - dt.timedelta(days=1)),
        ("Färsk kod", today + dt.timedelta(days=200)),
    ):
        CodeOfEthics.objects.create(
            agency="Verket", title=title, year=2020, url="https://example.org", review_by=review_by
        )
    body = staff_client.get(
        "/admin/dilemmas/codeofethics/", {"granskning": "forsenad"}
    ).content.decode()
    assert "Gammal kod" in body and "Färsk kod" not in body
    assert "Försenad" in body


@pytest.mark.parametrize(
    "model", ["dilemmas/dilemma", "dilemmas/codeofethics", "courses/course", "columns/column"]
)
def test_editors_can_set_the_review_date_where_there_is_one(staff_client, model):
    from django.apps import apps

    from forvaltningskultur.publishing import Reviewable

    reviewable = issubclass(apps.get_model(model.replace("/", ".")), Reviewable)
    html = staff_client.get(f"/admin/{model}/add/").content.decode()
    assert ('name="review_by"' in html) == reviewable
    assert html.count('name="review_by"') <= 1


@pytest.mark.parametrize("app", ["seminars.seminarregistration", "courses.occasionregistration"])
def test_only_the_registration_role_sees_and_exports_registrants(django_user_model, app):
    from forvaltningskultur.registration import services
    from tests.courses.factories import registrable_event as course_event
    from tests.seminars.factories import registrable_event as seminar_event

    event = (seminar_event if app.startswith("seminars") else course_event)()
    registration = services.register(
        event, {"name": "=Anna Andersson", "email": "anna@myndighet.se", "organisation": "Verket"}
    ).registration
    url = "/admin/" + app.replace(".", "/") + "/"
    export = {"action": "export_csv", "_selected_action": [registration.pk]}

    editor = login_as(django_user_model, "red", roles.EDITOR)
    assert editor.get(url).status_code == 403
    assert editor.post(url, export).status_code == 403
    event_admin = (
        "/admin/"
        + event._meta.app_label
        + "/"
        + event._meta.model_name
        + "/"
        + str(event.pk)
        + "/change/"
    )
    assert "anna@myndighet.se" not in editor.get(event_admin).content.decode()

    handler = login_as(django_user_model, "anm", roles.REGISTRATIONS)
    assert handler.get(url).status_code == 200
    response = handler.post(url, export)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "anna@myndighet.se" in content and "'=Anna Andersson" in content
    assert (
        handler.post(event_admin.replace("/change/", "/delete/"), {"post": "yes"}).status_code
        == 403
    )
