"""Dilemmas in a real browser: filter, open, build a pack, follow a principle, download the
pack, axe (meeting mode is in test_meeting.py)."""

import io

import pytest
from playwright.sync_api import expect
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


def _cards(page):
    """The list's dilemmas: one article each, titled by its heading."""
    return page.get_by_role("main").get_by_role("article")


def _pack(page):
    return page.get_by_role("complementary", name="Ditt samtalspaket")


def test_filter_open_add_two_to_pack_and_download(page, cases, assert_accessible):
    page.goto("/dilemman/")
    assert_accessible(page)
    page.get_by_label("Tema").select_option("korruption")
    page.get_by_role("button", name="Visa dilemman").click()
    expect(page.get_by_text("2 dilemman", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ta bort filtret Korruption")).to_be_visible()
    expect(_cards(page)).to_have_count(2)
    titles = _cards(page).get_by_role("heading", level=2).all_inner_texts()
    assert sorted(titles) == ["Middagen", "Vänskapen och ansökan"]
    assert "tema=korruption" in page.url  # the filtered list can be bookmarked and shared

    card = _cards(page).filter(has=page.get_by_role("heading", name="Middagen", exact=True))
    card.get_by_role("link", name="Lägg i samtalspaket").click()
    expect(_pack(page)).to_contain_text("1 dilemma i paketet.")
    expect(_pack(page).get_by_role("link", name="Ta bort ”Middagen” ur paketet")).to_be_visible()
    page.get_by_role("link", name="Vänskapen och ansökan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vänskapen och ansökan")
    assert_accessible(page)
    page.get_by_role("link", name="Lägg i samtalspaket").click()
    expect(_pack(page)).to_contain_text("2 dilemman i paketet.")

    # The case names its principle; the link leads to the cases about it, pack and all.
    page.get_by_role("link", name="Fler dilemman om objektivitet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dilemman")
    expect(page.get_by_role("link", name="Ta bort filtret Objektivitet")).to_be_visible()
    expect(_cards(page).get_by_role("heading", level=2)).to_have_text(["Vänskapen och ansökan"])
    panel = _pack(page)
    expect(panel).to_contain_text("2 dilemman i paketet.")

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
    expect(page.get_by_role("heading", level=1)).to_have_text("Etiska koder")
    expect(page.get_by_role("heading", level=2)).to_have_text("Verket: Etisk kod")
    expect(page.get_by_role("link", name="Läs Etisk kod hos Verket")).to_be_visible()
    assert_accessible(page)


def test_no_hits_and_pack_error_pages_are_accessible(page, cases, assert_accessible):
    page.goto("/dilemman/?tema=rekrytering")
    expect(page.get_by_role("heading", name="Inga träffar", exact=True, level=2)).to_be_visible()
    expect(page.get_by_text("Inget dilemma passar alla filter du har valt.")).to_be_visible()
    expect(_cards(page)).to_have_count(0)
    assert_accessible(page)
    page.goto("/dilemman/paket/?d=finns-inte")
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", level=1)).to_have_text("Samtalspaketet kan inte skapas")
    expect(alert.get_by_role("listitem")).to_have_text(["”finns-inte”"])
    assert_accessible(page)
