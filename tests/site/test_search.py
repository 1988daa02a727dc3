"""Search across published content: full text on SQLite (FTS5) and PostgreSQL (swedish)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.utils import timezone

from forvaltningskultur import dates, search
from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from tests.visible import VisibleText

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


# --- Reading a query as web search does ------------------------------------------------


def visible(client, query):
    return VisibleText(client.get("/sok/", {"q": query}).content.decode()).text


def test_a_phrase_must_stand_together_and_or_finds_either():
    make_page("om", "Om oss", "Jäv och bisysslor hör ihop.")
    make_page("kakor", "Kakor", "Bisysslor är en sak, jäv en annan.")
    assert titles('"jäv och bisysslor"') == ["Om oss"]
    assert sorted(titles("jäv bisysslor")) == ["Kakor", "Om oss"]
    make_page("kontakt", "Kontakt", "Mutor är förbjudna.")
    assert sorted(titles("mutor OR ihop")) == ["Kontakt", "Om oss"]


def test_a_minus_word_leaves_out_what_holds_it():
    make_page("om", "Om oss", "Gåvor från leverantörer.")
    make_page("kakor", "Kakor", "Gåvor från kollegor.")
    assert titles("gåvor -leverantörer") == ["Kakor"]


def test_stop_words_do_not_make_a_query_fail():
    make_page("om", "Om oss", "Vad får man ta emot? Gåvor är svåra.")
    assert titles("hur är det med gåvor") == ["Om oss"]


def test_a_compound_is_found_below_the_word_itself():
    make_page("om", "Vänskapen", "Om vänskapskorruption i staten.")
    make_page("kakor", "Mutorna", "Om korruption i staten.")
    assert titles("korruption") == ["Mutorna", "Vänskapen"]


def test_a_missing_a_ring_is_a_fallback_below_the_word_as_typed():
    make_page("om", "Om jäv", "Jäv är när en tjänsteman har ett intresse.")
    make_page("kakor", "Javaskript", "Om java och annat.")
    assert titles("jav") == ["Javaskript", "Om jäv"]


def test_words_side_by_side_come_first():
    make_page("om", "Kursen", "December: 16 platser. December igen: 16 till.")
    make_page(
        "kakor",
        "Seminariet",
        "Onsdagen den 16 december kl. 13.00 i Stockholm, med samtal om förvaltningskultur, "
        "förtroende och ansvar i staten, för chefer och medarbetare.",
    )
    assert titles("16 december")[0] == "Seminariet"


def test_a_word_without_its_ring_is_not_read_as_part_of_another():
    make_page("om", "Tårtan", "En tårta från en tacksam sökande.")
    make_page("kakor", "Debatten", "Hon skrev en debattartikel och startade en diskussion.")
    assert titles("tarta") == ["Tårtan"]


def test_a_typo_is_corrected_at_once_and_said_so(client):
    make_page("om", "Om oss", "Vi förebygger korruption.")
    text = visible(client, "korrupion")
    assert "Inga träffar för ”korrupion”. Visar 1 träff för ”korruption”." in text
    assert "Om oss" in text


def test_menade_du_is_offered_when_an_or_query_has_a_misspelt_word(client):
    make_page("om", "Om oss", "Vi förebygger korruption och jäv.")
    text = visible(client, "jäv OR korrupion")
    assert "Menade du jäv OR korruption" in text


def test_each_hit_says_what_it_is_and_when(client):
    from tests.seminars.factories import make_seminar

    seminar = make_seminar(title="Om jävet", body="<p>Ett seminarium om jäv.</p>")
    text = visible(client, "jävet")
    assert f"Seminarium · {dates.long_datetime(seminar.starts_at)}".replace(
        dates.NBSP, " "
    ) in text.replace(dates.NBSP, " ")


def test_the_worker_rebuilds_the_index_every_night():
    from forvaltningskultur import tasks

    page = make_page("om", "Om oss", "förvaltningskultur")
    assert titles("förvaltningskultur") == ["Om oss"]
    Page.objects.filter(pk=page.pk).update(title="Nytt namn")  # no signals
    tasks.rebuild_search_index.call_local()
    assert titles("förvaltningskultur") == ["Nytt namn"]
    nightly = tasks.rebuild_search_index.task_class()
    assert nightly.validate_datetime(dt.datetime(2026, 12, 2, 3, 40))
    assert not nightly.validate_datetime(dt.datetime(2026, 12, 2, 4, 40))
