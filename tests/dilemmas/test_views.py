"""Public dilemma pages: filters with counts, detail, meeting mode, codes, start page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dilemmas.models import Attachment, CodeOfEthics
from forvaltningskultur.publishing import Status

from .factories import make_dilemma

pytestmark = pytest.mark.django_db

LIST = "/dilemman/"


def titles(response):
    return [d.title for d in response.context["dilemmas"]]


def facet(response, param):
    return {
        o["value"]: o for f in response.context["facets"] if f.param == param for o in f.options
    }


@pytest.fixture
def library():
    return {
        "jav_chef": make_dilemma(
            "Jäv för chefen", themes=("jav",), principles=("objektivitet",), audience="chefer"
        ),
        "gava_med": make_dilemma(
            "Gåvan",
            themes=("mutor-och-gavor",),
            principles=("objektivitet", "legalitet"),
            audience="medarbetare",
        ),
        "rekr": make_dilemma(
            "Rekryteringen", themes=("rekrytering",), principles=("legalitet",), audience="chefer"
        ),
        "utkast": make_dilemma("Hemligt utkast", status=Status.DRAFT),
        "framtid": make_dilemma("Kommer sen", days_ago=-3),
    }


def test_list_shows_published_cases_only(client, library):
    response = client.get(LIST)
    assert response.status_code == 200
    assert set(titles(response)) == {"Jäv för chefen", "Gåvan", "Rekryteringen"}
    assert "Hemligt utkast" not in response.content.decode()


def test_filters_combine_and_count_per_value(client, library):
    response = client.get(LIST, {"tema": "korruption", "malgrupp": "chefer"})
    assert titles(response) == ["Jäv för chefen"]
    themes = facet(response, "tema")
    # A parent theme counts its sub-themes; counts within the other active filters.
    assert themes["korruption"]["count"] == 1 and themes["korruption"]["selected"]
    assert themes["rekrytering"]["count"] == 1
    audiences = facet(response, "malgrupp")
    assert audiences["chefer"]["count"] == 1 and audiences["medarbetare"]["count"] == 1
    html = response.content.decode()
    assert "Korruption (1)" in html and "Valda filter" in html

    response = client.get(LIST, {"princip": "legalitet", "tema": "mutor-och-gavor"})
    assert titles(response) == ["Gåvan"]
    assert facet(response, "princip")["objektivitet"]["count"] == 1


def test_a_case_tagged_with_a_theme_and_its_sub_themes_counts_once(client):
    make_dilemma("Både och", themes=("korruption", "jav", "mutor-och-gavor"), audience="chefer")
    make_dilemma("Bara jäv", themes=("jav",), audience="medarbetare")
    response = client.get(LIST)
    themes = facet(response, "tema")
    assert themes["korruption"]["count"] == 2
    assert themes["jav"]["count"] == 2 and themes["mutor-och-gavor"]["count"] == 1
    assert facet(response, "malgrupp")["chefer"]["count"] == 1
    filtered = client.get(LIST, {"tema": "korruption"})
    assert sorted(titles(filtered)) == ["Bara jäv", "Både och"]  # each case once
    assert facet(filtered, "malgrupp")["medarbetare"]["count"] == 1


def test_no_hits_state(client, library):
    response = client.get(LIST, {"tema": "rekrytering", "malgrupp": "medarbetare"})
    assert titles(response) == []
    html = response.content.decode()
    assert "Inga träffar" in html and "visa alla dilemman" in html


@pytest.mark.parametrize(
    "query",
    [
        "tema=finns-inte",
        "princip=%27%22",  # (a NUL character is refused with 400: test_signup_day.py)
        "malgrupp=alla&malgrupp=",
        "tema[]=x&page=abc",
        "d=../../etc&d=%3Cscript%3E",
        "princip=" + "x" * 5000,
    ],
)
def test_malformed_filters_are_ignored(client, library, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 3


@pytest.mark.parametrize("page", ["abc", "0", "99"])
def test_a_page_number_that_names_no_page_is_not_found(client, library, page):
    response = client.get(LIST, {"sida": page})
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_filter_links_keep_the_pack(client, library):
    slug = library["gava_med"].slug
    response = client.get(LIST, {"tema": "jav", "d": slug})
    html = response.content.decode()
    assert f'<input type="hidden" name="d" value="{slug}">' in html
    assert f"/dilemman/paket/?d={slug}" in html
    assert "Ditt samtalspaket" in html and "Gåvan" in html


def test_adding_to_the_pack_is_a_plain_link(client, library):
    first, second = library["jav_chef"], library["rekr"]
    response = client.get(LIST, {"d": first.slug})
    cards = {d.slug: d for d in response.context["dilemmas"]}
    assert cards[first.slug].in_pack
    add_url = cards[second.slug].add_url
    assert f"d={first.slug}" in add_url and f"d={second.slug}" in add_url
    response = client.get(add_url)
    assert response.context["pack"] == [first.slug, second.slug]
    assert not response.cookies


def test_detail_page(client):
    other = make_dilemma("Ett annat fall")
    dilemma = make_dilemma("Vänskapen", guide="<p>Jäv kan uppstå vid nära vänskap.</p>")
    dilemma.related.add(other)
    response = client.get(dilemma.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Situationen i Vänskapen",
        "Vad är problematiskt?",
        "Stöd till samtalsledaren",
        "Jäv kan uppstå vid nära vänskap.",
        "Förvaltningslagen (2017:900) 16–18 §§",
        "Ladda ner som PDF",
        "Lägg i samtalspaket",
        "Ett annat fall",
        "enligt licensen",
        "CC BY 4.0",
        "Senast uppdaterad",
    ):
        assert text in html, text
    assert "<details>" in html
    assert "/dilemman/?tema=jav" in html and "/dilemman/?princip=objektivitet" in html
    assert html.count("<h1") == 1


def test_drafts_are_404_for_the_public_and_previewed_for_staff(staff_client):
    client = Client()
    draft = make_dilemma("Utkastet", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.meeting_url()).status_code == 404
    assert client.get(draft.pdf_url()).status_code == 404
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200 and response.context["preview"]
    assert "Förhandsgranskning" in response.content.decode()


def test_meeting_mode_shows_all_questions_in_order_without_js(client):
    dilemma = make_dilemma(questions=("Första frågan?", "Andra frågan?", "Tredje frågan?"))
    response = client.get(dilemma.meeting_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="meeting-mode"' in html
    positions = [html.index(q) for q in ("Första frågan?", "Andra frågan?", "Tredje frågan?")]
    assert positions == sorted(positions)
    assert html.index("Situationen i") < positions[0]
    assert "js/dilemmas" in html


def test_attachment_download_is_an_attachment_with_nosniff(client):
    dilemma = make_dilemma()
    item = Attachment(
        dilemma=dilemma, title="Underlag", file=SimpleUploadedFile("u.pdf", b"%PDF-1.7\n%%EOF\n")
    )
    item.full_clean()
    item.save()
    page = client.get(dilemma.get_absolute_url()).content.decode()
    assert "Underlag</a> (pdf, 1\u00a0kB)" in page
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_codes_of_ethics_page(client):
    CodeOfEthics.objects.create(
        agency="Myndigheten för test",
        title="Etisk kod",
        year=2021,
        url="https://example.org/",
        link_format="pdf, 300 kB",
        is_example=True,
        status=Status.PUBLISHED,
    )
    file_code = CodeOfEthics(
        agency="Verket", title="Uppförandekod", year=2020, status=Status.PUBLISHED
    )
    file_code.file = SimpleUploadedFile("kod.pdf", b"%PDF-1.7\n" + b"0" * 120_000)
    file_code.full_clean()
    file_code.save()
    CodeOfEthics.objects.create(
        agency="Dold", title="Utkast", year=2020, url="https://example.org/"
    )
    response = client.get(reverse("codes:list"))
    html = response.content.decode()
    assert "Myndigheten för test: Etisk kod" in html and "(pdf, 300 kB)" in html
    assert "Exempel" in html
    assert "(pdf, 120\u00a0kB)" in html
    assert "Dold" not in html
    download = client.get(reverse("codes:file", args=[file_code.pk]))
    download.close()  # the file it streams from
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_start_page_lists_the_newest_dilemmas(client):
    response = client.get("/")
    assert "Inga dilemman är publicerade ännu." in response.content.decode()
    make_dilemma("Äldst", days_ago=10)
    make_dilemma("Nyast", days_ago=1)
    make_dilemma("Utkastet", status=Status.DRAFT)
    html = client.get("/").content.decode()
    assert html.index("Nyast") < html.index("Äldst")
    assert "Utkastet" not in html


def test_sitemap_lists_published_cases(client):
    published = make_dilemma("Synlig")
    draft = make_dilemma("Osynlig", status=Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml


def test_the_list_pages_keep_the_filters_and_the_pack(client):
    first = make_dilemma("Att packa")
    for _ in range(22):
        make_dilemma(themes=("jav",))
    response = client.get(LIST, {"tema": "jav", "d": first.slug})
    html = response.content.decode()
    assert len(titles(response)) == 20
    next_link = f'href="?tema=jav&amp;d={first.slug}&amp;sida=2" rel="next"'
    assert next_link in html
    second = client.get(LIST, {"tema": "jav", "d": first.slug, "sida": 2})
    assert len(titles(second)) == 3 and second.context["pack"] == [first.slug]
