"""Search across published content: full text on SQLite (FTS5) and PostgreSQL (swedish)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.utils import timezone

from forvaltningskultur import search
from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status

pytestmark = [pytest.mark.django_db, pytest.mark.backend]


def make_page(slot, title, body, **kwargs):
    return Page.objects.create(
        slot=slot, title=title, body=f"<p>{body}</p>", status=Status.PUBLISHED, **kwargs
    )


def titles(query):
    return [hit.title for hit in search.search(query)]


def test_finds_published_text_and_highlights_it(client):
    make_page("om", "Om oss", "Vi arbetar mot korruption i staten.")
    response = client.get("/sok/", {"q": "korruption"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Om oss" in body
    assert "<mark>korruption</mark>" in body


def test_title_hit_ranks_above_body_hits():
    make_page("om", "Om oss", "Jäv nämns här. Jäv igen, jäv och jäv i en lång text om annat.")
    make_page("kakor", "Jäv i praktiken", "En text om något helt annat.")
    assert titles("jäv")[0] == "Jäv i praktiken"


def test_drafts_and_scheduled_pages_are_never_found(client):
    Page.objects.create(slot="om", title="Hemligt utkast", body="<p>mutor</p>", status=Status.DRAFT)
    later = make_page(
        "kakor", "Schemalagd sida", "mutor", publish_at=timezone.now() + dt.timedelta(days=1)
    )
    assert titles("mutor") == []
    assert "Hemligt utkast" not in client.get("/sok/", {"q": "mutor"}).content.decode()
    with time_machine.travel(later.publish_at + dt.timedelta(minutes=1)):
        assert titles("mutor") == ["Schemalagd sida"]


def test_index_follows_edits_and_deletes():
    page = make_page("om", "Om oss", "bisysslor")
    assert titles("bisysslor") == ["Om oss"]
    page.body = "<p>upphandling</p>"
    page.save()
    assert titles("bisysslor") == []
    assert titles("upphandling") == ["Om oss"]
    page.delete()
    assert titles("upphandling") == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", "och att det", "%", "_", "\"'", '"korruption', "<script>alert(1)</script>", "a" * 5000,
     "NEAR(x y)", "title:x", "*", "-", "korruption OR", "∑ 漢字 🙂"],
)  # fmt: skip
def test_odd_queries_give_a_sensible_page(client, query):
    make_page("om", "Om oss", "korruption")
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    if len(query) > search.MAX_QUERY_LENGTH:
        assert "kortades till 200 tecken" in body


def test_filter_by_type_and_counts(client):
    make_page("om", "Om oss", "värdegrund")
    body = client.get("/sok/", {"q": "värdegrund", "typ": "sidor"}).content.decode()
    assert "Sidor (1)" in body
    assert "Om oss" in body
    body = client.get("/sok/", {"q": "värdegrund", "typ": "okänd"}).content.decode()
    assert "Om oss" in body


@pytest.mark.postgres
def test_swedish_inflection_finds_the_base_form_on_postgresql():
    make_page("om", "Om oss", "Vi förebygger korruption.")
    assert titles("korruptionen") == ["Om oss"]


def test_rebuild_command_restores_an_index_bypassed_by_update():
    from django.core.management import call_command

    page = make_page("om", "Om oss", "förvaltningskultur")
    assert titles("förvaltningskultur") == ["Om oss"]  # indexed (the marks are done)
    Page.objects.filter(pk=page.pk).update(title="Nytt namn")  # no signals
    assert titles("förvaltningskultur") == ["Om oss"]
    call_command("rebuild_search_index", stdout=StringIO())
    assert titles("förvaltningskultur") == ["Nytt namn"]


def test_results_are_paginated_with_counts_per_type(client):
    from dilemmas.models import CodeOfEthics

    for n in range(25):
        CodeOfEthics.objects.create(agency=f"Verk {n}", title=f"Uppförandekod {n}", year=2020,
                                    url="https://example.org", status=Status.PUBLISHED)  # fmt: skip
    make_page("om", "Om oss", "Vår uppförandekod gäller alla.")
    first = client.get("/sok/", {"q": "uppförandekod"}).content.decode()
    assert "26 träffar" in first
    assert "Etiska koder (25)" in first and "Sidor (1)" in first
    assert first.count('class="search-hit"') == 20
    second = client.get("/sok/", {"q": "uppförandekod", "sida": 2}).content.decode()
    assert second.count('class="search-hit"') == 6
    only_codes = client.get(
        "/sok/", {"q": "uppförandekod", "typ": "etiska-koder", "sida": 2}
    ).content.decode()
    assert only_codes.count('class="search-hit"') == 5
