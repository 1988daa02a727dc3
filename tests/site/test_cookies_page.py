"""The Kakor page tells the truth: visitors get no cookie, staff who log in get two."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from forvaltningskultur.management.commands.seed_demo import PAGES, SUPERSEDED
from forvaltningskultur.models import Page, SearchEntry
from forvaltningskultur.publishing import Status

pytestmark = pytest.mark.django_db

NO_COOKIE = "Du som besöker webbplatsen får inga kakor alls."
OLD_PROMISE = "Första gången du besöker en sida sätter vi ingen kaka alls"


def seed():
    call_command("seed_demo", stdout=StringIO())


def test_the_cookies_page_says_visitors_get_none_and_staff_get_two():
    seed()
    client = Client()
    response = client.get("/kakor/")
    html = response.content.decode()
    assert response.status_code == 200
    assert NO_COOKIE in html
    assert "vi tar bara emot formulär som har skickats härifrån" in html
    assert "<caption>Kakor i administrationen</caption>" in html
    assert "<td>__Host-sessionid</td>" in html and "<td>__Host-csrftoken</td>" in html
    assert OLD_PROMISE not in html and "Sätts när du öppnar en sida med formulär" not in html
    assert not response.cookies


def test_a_cookies_page_left_as_an_earlier_seed_wrote_it_is_corrected():
    old = SUPERSEDED[Page.Slot.COOKIES][0]
    Page.objects.create(slot=Page.Slot.COOKIES, title="Kakor", status=Status.PUBLISHED, **old)
    seed()
    page = Page.objects.get(slot=Page.Slot.COOKIES)
    assert page.introduction == PAGES[Page.Slot.COOKIES]["introduction"]
    assert NO_COOKIE in Client().get("/kakor/").content.decode()
    entry = SearchEntry.objects.get(url="/kakor/")
    assert "inga kakor alls" in entry.body and OLD_PROMISE not in entry.body
    assert page.history.count() == 2  # the change is in the page's history, restorable
    updated = page.updated_at
    seed()
    assert Page.objects.get(slot=Page.Slot.COOKIES).updated_at == updated  # once only


def test_a_cookies_page_an_editor_has_changed_is_left_alone():
    old = SUPERSEDED[Page.Slot.COOKIES][0]
    edited = {**old, "body": old["body"] + "<p>Redaktörens egen rad.</p>"}
    Page.objects.create(slot=Page.Slot.COOKIES, title="Kakor", status=Status.PUBLISHED, **edited)
    seed()
    assert "Redaktörens egen rad." in Page.objects.get(slot=Page.Slot.COOKIES).body
