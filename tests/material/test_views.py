"""The library's list and filters."""

import lxml.html
import pytest

from dilemmas.models import Theme

from .factories import make_agency, make_material

pytestmark = pytest.mark.django_db


def test_filters_by_plain_get_parameters_with_counts_per_item(client):
    korruption = Theme.objects.get(slug="korruption")
    jav, gavor = Theme.objects.get(slug="jav"), Theme.objects.get(slug="mutor-och-gavor")
    both = make_material("Jäv och gåvor", kind="fallsamling")
    both.themes.set([jav, gavor])  # two sub-themes of one main theme: counted once
    make_material("Om korruption", kind="metod").themes.set([korruption])
    other = make_material("Om rekrytering", agency=make_agency("Annatverket", "annatverket"))
    other.themes.set([Theme.objects.get(slug="rekrytering")])
    make_material("Ett utkast", status="draft").themes.set([korruption])

    page = client.get("/stodmaterial/?tema=korruption")
    text = page.content.decode()
    assert [i.title for i in page.context["items"]] == ["Jäv och gåvor", "Om korruption"]
    assert "Korruption (2)</option>" in text
    assert "2 material" in text and "Ett utkast" not in text
    # The sub-themes under their main theme, as on /dilemman/, each with its own count.
    options = [o for f in page.context["facets"] if f.param == "tema" for o in f.options]
    labels = [o["label"] for o in options]
    under_korruption = labels[labels.index("Korruption") + 1 : labels.index("Korruption") + 5]
    assert "Jäv" in under_korruption and "Mutor och gåvor" in under_korruption
    assert all(o["depth"] == 1 for o in options if o["label"] in under_korruption)
    assert "– Jäv (1)</option>" in text
    page = client.get("/stodmaterial/?tema=jav")
    assert [i.title for i in page.context["items"]] == ["Jäv och gåvor"]
    page = client.get("/stodmaterial/?tema=korruption&typ=fallsamling")
    assert [i.title for i in page.context["items"]] == ["Jäv och gåvor"]
    page = client.get("/stodmaterial/?myndighet=annatverket")
    assert [i.title for i in page.context["items"]] == ["Om rekrytering"]
    page = client.get("/stodmaterial/?tema=finns-inte&typ=<script>")
    assert len(page.context["items"]) == 3  # unknown values are ignored


def test_the_library_links_to_the_codes_of_ethics(client):
    text = client.get("/stodmaterial/").content.decode()
    assert 'href="/etiska-koder/"' in text
    assert client.get("/etiska-koder/").status_code == 200  # the old address stays


def test_a_draft_previews_with_its_state_and_an_edit_link_for_editors(client, django_user_model):
    from tests.material.factories import make_editor, make_material
    from tests.visible import VisibleText

    draft = make_material("Ett utkast om gåvor", status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_editor(django_user_model))
    response = client.get(draft.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"
    text = VisibleText(response.content.decode()).text
    assert "Förhandsgranskning" in text and "Redigera" in text and "Utkast" in text


def test_no_hits_say_what_to_do_and_lead_back_to_all(client):
    from tests.visible import VisibleText

    make_material("Om jäv", kind="metod")
    response = client.get("/stodmaterial/?typ=fallsamling")
    text = VisibleText(response.content.decode()).text
    assert "Inga träffar" in text
    assert "Inget material passar alla filter du har valt." in text
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath('//a[normalize-space()="visa allt material"]/@href') == ["/stodmaterial/"]
