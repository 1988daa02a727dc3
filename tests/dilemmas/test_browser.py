"""Dilemmas in a real browser: filter, open, build a pack, download it, axe (meeting mode
is in test_meeting.py)."""

import io

import pytest
from pypdf import PdfReader

from .factories import make_dilemma

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(db):
    return [
        make_dilemma(
            "Vänskapen och ansökan", themes=("vanskapskorruption", "jav"), audience="medarbetare"
        ),
        make_dilemma("Middagen", themes=("mutor-och-gavor",), principles=("legalitet",)),
        make_dilemma(
            "Skämtet på fikat",
            themes=("internt-bemotande",),
            principles=("respekt",),
            questions=("Första frågan?", "Andra frågan?", "Tredje frågan?"),
        ),
    ]


def test_filter_open_add_two_to_pack_and_download(page, cases, assert_accessible):
    page.goto("/dilemman/")
    assert_accessible(page)
    page.get_by_label("Tema").select_option("korruption")
    page.get_by_role("button", name="Visa dilemman").click()
    assert page.locator(".dilemma-card").count() == 2
    assert "tema=korruption" in page.url

    card = page.locator(".dilemma-card", has_text="Middagen")
    card.get_by_role("link", name="Lägg i samtalspaket").click()
    assert "1 dilemma i paketet." in page.locator(".pack-panel").inner_text()
    page.get_by_role("link", name="Vänskapen och ansökan", exact=True).click()
    assert page.locator("h1").inner_text() == "Vänskapen och ansökan"
    assert_accessible(page)
    page.get_by_role("link", name="Lägg i samtalspaket").click()
    panel = page.locator(".pack-panel")
    assert "2 dilemman i paketet." in panel.inner_text()

    with page.expect_download() as info:
        panel.get_by_role("link", name="Ladda ner samtalspaketet (pdf)").click()
    download = info.value
    assert download.suggested_filename == "Samtalspaket – 2 dilemman.pdf"
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.index("Middagen") < text.index("Vänskapen och ansökan", text.index("Mötesplan"))


def test_codes_of_ethics_page_is_accessible(page, assert_accessible):
    from dilemmas.models import CodeOfEthics

    CodeOfEthics.objects.create(
        agency="Verket",
        title="Etisk kod",
        year=2022,
        url="https://example.org/",
        is_example=True,
        status="published",
    )
    page.goto("/etiska-koder/")
    assert page.locator("h1").inner_text() == "Etiska koder"
    assert_accessible(page)


def test_no_hits_and_pack_error_pages_are_accessible(page, cases, assert_accessible):
    page.goto("/dilemman/?tema=rekrytering")
    assert page.locator(".no-hits h2").inner_text() == "Inga träffar"
    assert_accessible(page)
    page.goto("/dilemman/paket/?d=finns-inte")
    assert_accessible(page)
