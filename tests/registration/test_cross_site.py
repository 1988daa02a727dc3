"""The public forms take no CSRF cookie: a form sent from another site is refused by its
Sec-Fetch-Site or Origin header (forvaltningskultur/crossorigin.py), and changes nothing.
Admin keeps Django's CSRF."""

import re

import pytest
from django.conf import settings
from django.test import Client

from forvaltningskultur.registration import services
from forvaltningskultur.registration.tokens import registrant_path

from .conftest import post_signup

pytestmark = pytest.mark.django_db

REFUSAL = "Formuläret skickades från en annan webbplats"

FROM_ELSEWHERE = [
    pytest.param({"HTTP_SEC_FETCH_SITE": "cross-site"}, id="sec-fetch-site-cross-site"),
    pytest.param({"HTTP_SEC_FETCH_SITE": "same-site"}, id="sec-fetch-site-same-site"),
    pytest.param(
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        id="sec-fetch-site-wins-over-a-matching-origin",
    ),
    pytest.param({"HTTP_ORIGIN": "https://evil.example"}, id="origin-evil"),
    pytest.param({"HTTP_ORIGIN": "null"}, id="origin-null"),
    pytest.param({"HTTP_ORIGIN": "https://testserver"}, id="origin-other-scheme"),
    pytest.param({"HTTP_ORIGIN": "http://testserver.evil.example"}, id="origin-longer-host"),
]

FROM_THIS_SITE = [
    pytest.param({"HTTP_SEC_FETCH_SITE": "same-origin"}, id="sec-fetch-site-same-origin"),
    pytest.param(
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        id="sec-fetch-site-and-origin",
    ),
    pytest.param({"HTTP_SEC_FETCH_SITE": "none"}, id="sec-fetch-site-none-user-typed"),
    pytest.param({"HTTP_ORIGIN": "http://testserver"}, id="origin-matching"),
    pytest.param({}, id="neither-header-not-a-browser"),
]


def assert_refused(response, back):
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formuläret togs inte emot</h1>" in html
    assert REFUSAL in html
    assert "Ingenting har sparats eller ändrats." in html
    assert re.search(rf'<a href="{re.escape(back)}">Till sidan med formuläret</a>', html)
    assert 'class="site-header"' in html  # the site's own layout, not a bare page
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("headers", FROM_ELSEWHERE)
def test_a_sign_up_from_another_site_is_refused_and_saves_nothing(
    client, make_event, person, mailoutbox, headers
):
    event = make_event()
    before = event.registrations.count()
    response = post_signup(client, event, person(), **headers)
    assert_refused(response, back=event.get_absolute_url().partition("#")[0])
    assert event.registrations.count() == before == 0
    assert mailoutbox == []


@pytest.mark.parametrize("headers", FROM_ELSEWHERE)
def test_the_registrants_forms_from_another_site_are_refused_and_change_nothing(
    client, make_event, person, mailoutbox, headers
):
    event = make_event()
    registration = services.register(event, person(), send_mail=False).registration
    own_page = registrant_path(registration)

    cancel = client.post(own_page + "avboka/", **headers)
    assert_refused(cancel, back=own_page + "avboka/")
    email = client.post(own_page + "epost/", {"email": "ny@myndighet.se"}, **headers)
    assert_refused(email, back=own_page)
    withdraw = client.post(own_page + "radera-behov/", **headers)
    assert_refused(withdraw, back=own_page)

    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert registration.email == "anna@myndighet.se"
    assert registration.accessibility_needs == "Hörslinga"
    assert registration.dietary_needs == "Vegetarisk"
    assert event.registrations.count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("headers", FROM_THIS_SITE)
def test_a_sign_up_from_this_site_works_without_a_csrf_token(
    make_event, person, mailoutbox, headers
):
    client = Client(enforce_csrf_checks=True)  # as strict as a browser: no token is sent
    event = make_event()
    response = post_signup(client, event, person(), **headers)
    assert response.status_code == 302, response.content.decode()[:500]
    assert "Tack för din anmälan!" in client.get(response.url).content.decode()
    assert event.registrations.count() == 1
    assert len(mailoutbox) == 1
    assert not client.cookies


@pytest.mark.parametrize("headers", FROM_THIS_SITE)
def test_the_registrants_forms_from_this_site_work_without_a_csrf_token(
    make_event, person, headers
):
    client = Client(enforce_csrf_checks=True)
    event = make_event()
    registration = services.register(event, person(), send_mail=False).registration
    own_page = registrant_path(registration)

    email = client.post(own_page + "epost/", {"email": "ny@myndighet.se"}, **headers)
    assert email.status_code == 302
    assert "E-postadressen är ändrad." in client.get(email.url).content.decode()
    withdraw = client.post(own_page + "radera-behov/", **headers)
    assert withdraw.status_code == 302
    cancel = client.post(own_page + "avboka/", **headers)
    assert cancel.status_code == 302
    assert "Du har avbokat din plats." in client.get(cancel.url).content.decode()

    registration.refresh_from_db()
    assert registration.email == "ny@myndighet.se"
    assert registration.accessibility_needs == registration.dietary_needs == ""
    assert registration.status == "cancelled"
    assert not client.cookies


@pytest.mark.parametrize(
    "origin",
    ["https://intranat.myndighet.se", "https://ett.intranat.myndighet.se"],
)
def test_a_trusted_origin_may_post_even_from_another_site(make_event, person, settings, origin):
    settings.CSRF_TRUSTED_ORIGINS = [
        "https://intranat.myndighet.se",
        "https://*.intranat.myndighet.se",
    ]
    event = make_event()
    headers = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": origin}
    response = post_signup(Client(enforce_csrf_checks=True), event, person(), **headers)
    assert response.status_code == 302
    assert event.registrations.count() == 1
    untrusted = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://myndighet.se"}
    response = post_signup(Client(), event, person("bo@myndighet.se"), **untrusted)
    assert response.status_code == 403
    assert event.registrations.count() == 1


def test_pages_with_the_public_forms_set_no_cookie(make_event, person):
    client = Client(enforce_csrf_checks=True)
    event = make_event()
    page = client.get(event.get_absolute_url())
    assert 'class="signup-form"' in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    registration = services.register(event, person(), send_mail=False).registration
    own_page = registrant_path(registration)
    for response in (page, client.get(own_page), client.get(own_page + "avboka/")):
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies
    assert not client.cookies


# --- admin keeps Django's CSRF -------------------------------------------------------


def test_admin_still_needs_its_csrf_token_and_refuses_in_swedish(staff_user):
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "redaktor", "password": "ett-langt-losenord-1"}
    headers = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}

    refused = client.post("/admin/login/?next=/admin/", credentials, **headers)
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "<h1>Formuläret kunde inte skickas</h1>" in html
    assert "Ladda om sidan med formuläret och skicka det igen." in html
    assert "Ingenting har sparats eller ändrats." in html
    assert "DEBUG" not in html and "CSRF" not in html
    assert 'class="site-header"' in html
    assert "_auth_user_id" not in client.session

    login_page = client.get("/admin/login/")
    assert settings.CSRF_COOKIE_NAME in login_page.cookies  # staff get the CSRF cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.content.decode())
    response = client.post(
        "/admin/login/?next=/admin/",
        {**credentials, "csrfmiddlewaretoken": token.group(1)},
        **headers,
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_logged_in_staff_members_admin_post_without_a_token_is_refused(staff_user):
    from seminars.models import Seminar

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    before = Seminar.objects.count()
    response = client.post(
        "/admin/seminars/seminar/add/",
        {"title": "Ett smugglat seminarium"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
    assert Seminar.objects.count() == before
