"""The site's frame, editable pages and machine endpoints."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def test_start_page_has_the_seed_text_and_the_frame(client, seeded):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in body
    assert "Statskontoret främjar och samordnar arbetet för en god förvaltningskultur" in body
    for offer in ("Vi erbjuder seminarier", "Vi erbjuder kurser", "Vi utvecklar stöd"):
        assert offer in body
    assert "Aktuellt" in body
    for label in (
        "Seminarier",
        "Kurser",
        "Dilemman",
        "Etiska koder",
        "Stödmaterial",
        "Krönikor",
        "Om oss",
    ):
        assert f">{label}</a>" in body
    for label in ("Kontakt", "Tillgänglighetsredogörelse", "Personuppgifter", "Kakor"):
        assert f">{label}</a>" in body
    assert 'href="#main"' in body and 'id="main"' in body


def test_seed_demo_is_idempotent(seeded):
    from forvaltningskultur.models import CouncilMember, Page

    counts = (Page.objects.count(), CouncilMember.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Page.objects.count(), CouncilMember.objects.count()) == counts


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/om/", "Rådet för en god förvaltningskultur"),
        ("/personuppgifter/", "6.1 e"),
        ("/kakor/", "__Host-csrftoken"),
        ("/kontakt/", "forvaltningskultur@statskontoret.se"),
    ],
)
def test_editable_pages(client, seeded, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert "Senast uppdaterad" in response.content.decode()


def test_accessibility_statement_has_every_required_part(client, seeded):
    body = client.get("/tillganglighetsredogorelse/").content.decode()
    for part in (
        "Statskontoret",
        "delvis förenlig",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
        "Senaste bedömningen gjordes",
        "uppdaterades senast",
        "annat format",
        "Vi svarar inom fem arbetsdagar",
        'href="https://www.digg.se/tdosanmalan"',
    ):
        assert part in body, part


def test_first_visit_sets_no_cookie(client, seeded):
    for url in ("/", "/om/", "/tillganglighetsredogorelse/"):
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)


def test_unknown_url_gives_the_swedish_404(client, seeded):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_machine_endpoints(client, seeded):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/om/</loc>" in sitemap
    assert "<loc>http://testserver/tillganglighetsredogorelse/</loc>" in sitemap
    assert "<lastmod>" in sitemap
    security = client.get("/.well-known/security.txt")
    assert security.status_code == 200
    assert "Contact: mailto:" in security.content.decode()
    assert "Expires:" in security.content.decode()


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def database_outage(monkeypatch):
    from django.db import connections

    def refuse(self):
        raise OperationalError("connection refused")

    for conn in connections.all():
        conn.close()
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


def test_database_outage_gives_503_from_healthz_and_the_swedish_try_again_page(
    seeded, database_outage
):
    client = Client(raise_request_exception=False)
    assert client.get("/healthz").status_code == 503
    response = client.get("/")  # not in the page cache: it needs the database
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Försök igen om en stund" in body
    assert "Traceback" not in body and "OperationalError" not in body
