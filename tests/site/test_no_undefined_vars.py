"""No page and no form in its error state renders a template variable that is undefined.

Django renders an undefined variable as nothing, so a link reading "Fler dilemman om "
looks like a finished page. Here every undefined variable renders as a marker instead,
and no page may show one: every page in the sitemap, the pages the sitemap leaves out,
and every public form after a wrong submission.
"""

import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from courses.models import CourseOccasion
from dilemmas.models import Dilemma
from forvaltningskultur.registration.tokens import registrant_path
from seminars.models import Seminar

pytestmark = pytest.mark.django_db

MARKER = "!!UNDEFINED:%s!!"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def marked(settings):
    """Templates render an undefined variable as MARKER, with the variable's name."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": MARKER}},
        *settings.TEMPLATES[1:],
    ]


@pytest.fixture
def seeded(marked):
    call_command("seed_demo", stdout=StringIO())


def markers(response):
    """The undefined variables a response shows, by name."""
    return sorted(set(re.findall(r"!!UNDEFINED:(.*?)!!", response.content.decode())))


def assert_no_marker(response, what):
    assert not markers(response), f"{what}: {markers(response)}"


def sitemap_paths(client):
    xml = client.get("/sitemap.xml").content
    locs = [loc.text for loc in ET.fromstring(xml).findall("sm:url/sm:loc", SITEMAP_NS)]  # noqa: S314 - our own sitemap
    return [loc.removeprefix(settings.SITE_URL) for loc in locs]


def open_event(model):
    """An event of the demo content that the public sees and may sign up for here."""
    return next(
        event
        for event in model.objects.order_by("pk")
        if event.is_open_to_public()
        and event.accepts_signups
        and not event.external_signup()
        and (not isinstance(event, CourseOccasion) or event.course.is_published)
    )


def post_signup(client, event, data):
    """The event's sign-up form as its page sends it (a course's occasion as chosen in
    the one form's radio group)."""
    return client.post(event.get_absolute_url(), {**data, "anmalan_for": event.pk})


def test_the_marker_shows_an_undefined_variable(seeded, client):
    from django.template import engines

    rendered = engines["django"].from_string("Fler dilemman om {{ namn }}").render({})
    assert rendered == "Fler dilemman om !!UNDEFINED:namn!!"


def test_every_page_in_the_sitemap(seeded, client):
    paths = sitemap_paths(client)
    assert len(paths) >= 10, paths
    undefined = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        undefined.update({path: markers(response)} if markers(response) else {})
    assert undefined == {}


def test_the_pages_the_sitemap_leaves_out(seeded, client):
    dilemma = Dilemma.objects.published().first()
    paths = [
        "/seminarier/arkiv/",
        dilemma.get_absolute_url() + "samtal/",
        f"{dilemma.get_absolute_url()}?d={dilemma.slug}",
        f"/dilemman/?d={dilemma.slug}",
        "/sok/?q=dilemma",
        "/sok/?q=seminarium&typ=seminarier",
        "/sok/?q=korrupion",
        "/sok/?q=j%C3%A4v+OR+korrupion",
        "/sok/?q=kontrollparadoxen",
        "/sok/?q=ingenting-alls",
        "/sok/",
        "/finns-inte/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == (404 if path == "/finns-inte/" else 200), path
        assert_no_marker(response, path)


def test_the_sign_up_forms_with_errors(seeded, client):
    for model in (Seminar, CourseOccasion):
        event = open_event(model)
        response = post_signup(client, event, {"name": "", "email": "inte en adress"})
        assert response.status_code == 400, model
        assert "Skriv e-postadressen i formatet namn@myndighet.se." in response.content.decode()
        assert_no_marker(response, f"sign-up for {model.__name__}")


def test_the_registrants_page_and_its_email_form_with_an_error(seeded, client):
    event = open_event(Seminar)
    response = post_signup(
        client,
        event,
        {
            "name": "Anna Andersson",
            "email": "anna@myndighet.se",
            "organisation": "Exempelmyndigheten",
            "accessibility_needs": "Hörslinga",
            "needs_consent": "on",
        },
    )
    assert response.status_code == 302
    own_page = registrant_path(event.registrations.get(email="anna@myndighet.se"))
    assert_no_marker(client.get(response.url), "the registrant's page after sign-up")
    assert_no_marker(client.get(own_page), "the registrant's page")
    bad = client.post(own_page + "epost/", {"email": "inte en adress"})
    assert bad.status_code == 400
    assert "Skriv e-postadressen i formatet namn@myndighet.se." in bad.content.decode()
    assert_no_marker(bad, "the registrant's e-mail form")


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "lång" * 100,
        "q=jäv&typ=finns-inte",
        "q=jäv&sida=tre",
        "q=jäv&sida=999",
        "typ=seminarier",
    ],
)
def test_search_with_bad_parameters(seeded, client, query):
    response = client.get(f"/sok/?{query}")
    assert response.status_code == 200, query
    assert_no_marker(response, query)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Samtalspaketet är tomt. Välj minst ett dilemma."),
        ("d=finns-inte", "Vi hittar inte alla dilemman du valde."),
        ("d=" + "&d=".join(f"fall-{n}" for n in range(21)), "Ett samtalspaket kan ha högst"),
    ],
)
def test_the_pack_with_a_bad_d(seeded, client, query, message):
    response = client.get(f"/dilemman/paket/?{query}")
    assert response.status_code >= 400, query
    assert message in response.content.decode()
    assert_no_marker(response, query)


def test_the_dilemma_list_with_malformed_filters(seeded, client):
    response = client.get("/dilemman/?tema=finns-inte&princip=&malgrupp=alla&d=finns-inte")
    assert response.status_code == 200
    assert_no_marker(response, "malformed filters")
    beyond = client.get("/dilemman/?sida=999")
    assert beyond.status_code == 404
    assert_no_marker(beyond, "a page number beyond the last")


def test_admin_login_with_errors_and_locked(seeded, client):
    page = client.get("/admin/login/?next=/admin/")
    assert_no_marker(page, "admin login")
    for _ in range(4):
        wrong = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "fel"})
        assert wrong.status_code == 200
        assert "Ange användarnamn och lösenord för ett personalkonto." in wrong.content.decode()
        assert_no_marker(wrong, "admin login with a wrong password")
    locked = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "fel"})
    assert locked.status_code == 429
    assert "Inloggningen är spärrad" in locked.content.decode()
    assert "En god förvaltningskultur i staten – administration" in locked.content.decode()
    assert (
        "<title>Inloggningen är spärrad | Förvaltningskultur – admin</title>"
        in locked.content.decode()
    )
    assert_no_marker(locked, "locked admin login")


def test_refused_requests(seeded):
    csrf = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "admin"})
    assert csrf.status_code == 403
    assert_no_marker(csrf, "admin login without its CSRF token")
    event = open_event(Seminar)
    cross_site = Client().post(
        event.get_absolute_url(),
        {"anmalan_for": event.pk},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert cross_site.status_code == 403
    assert_no_marker(cross_site, "a cross-site sign-up")
    bad_input = Client().get("/sok/?q=%00")
    assert bad_input.status_code == 400
    assert "Adressen innehöll ett nolltecken." in bad_input.content.decode()
    assert_no_marker(bad_input, "a NUL in the query")
    bad_host = Client(HTTP_HOST="annan.example").get("/")
    assert bad_host.status_code == 400
    assert "Adressen eller formuläret innehöll tecken" in bad_host.content.decode()
    assert_no_marker(bad_host, "an unknown host")


def test_admin_pages_outside_the_model_views(seeded, staff_client, staff_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from forvaltningskultur.models import Page

    device = TOTPDevice.objects.create(user=staff_user, name="telefon", confirmed=True)
    config = staff_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    assert config.status_code == 200
    title = re.search(r"<title>(.*?)</title>", config.content.decode()).group(1)
    assert title == "Autentiseringsapp för redaktor | Förvaltningskultur – admin"
    assert_no_marker(config, "an authenticator app's set-up page")
    page = Page.objects.first()
    version = page.history.earliest()
    revert = staff_client.get(
        f"/admin/forvaltningskultur/page/{page.pk}/history/{version.history_id}/"
    )
    assert revert.status_code == 200
    assert 'value="Återställ den här versionen"' in revert.content.decode()
    assert_no_marker(revert, "a page's earlier version")
