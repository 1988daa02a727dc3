"""Publishing: drafts and scheduled items stay hidden from the public, staff preview them."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Page.objects.create(
        slot="om", title="Hemligt utkast", body="<p>x</p>", status=Status.DRAFT
    )


@pytest.fixture
def scheduled():
    return Page.objects.create(
        slot="kakor",
        title="Kommer snart",
        status=Status.PUBLISHED,
        publish_at=timezone.now() + dt.timedelta(days=2),
    )


def public_routes():
    return ["/", "/om/", "/kakor/", "/sitemap.xml"]


def test_published_queryset_excludes_drafts_and_future(draft, scheduled):
    live = Page.objects.create(slot="kontakt", title="Kontakt", status=Status.PUBLISHED)
    assert list(Page.objects.published()) == [live]
    assert not draft.is_published
    assert not scheduled.is_published
    assert scheduled.publication_state == "Schemalagd"


def test_draft_and_scheduled_are_invisible_to_the_public(client, draft, scheduled):
    assert client.get("/om/").status_code == 404
    assert client.get("/kakor/").status_code == 404
    for route in public_routes():
        body = client.get(route).content.decode()
        assert "Hemligt utkast" not in body
        assert "Kommer snart" not in body


def test_staff_see_drafts_with_the_preview_banner(staff_client, draft):
    response = staff_client.get("/om/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hemligt utkast" in body
    assert "Förhandsgranskning" in body
    assert "no-store" in response["Cache-Control"]


def test_published_page_has_no_banner(client):
    Page.objects.create(slot="om", title="Om oss", status=Status.PUBLISHED)
    body = client.get("/om/").content.decode()
    assert "Om oss" in body
    assert "Förhandsgranskning" not in body


def test_scheduled_page_appears_by_itself_when_its_time_comes(client, scheduled):
    assert client.get("/kakor/").status_code == 404
    with time_machine.travel(scheduled.publish_at + dt.timedelta(minutes=1)):
        response = client.get("/kakor/")
        assert response.status_code == 200
        assert "Kommer snart" in response.content.decode()
        assert "/kakor/" in client.get("/sitemap.xml").content.decode()
