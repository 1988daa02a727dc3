"""A case's page in a real browser: the names its links read, what it prints, the pack
kept by every link in the section, and the situation on a phone's first screen."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .factories import make_dilemma

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "Jäv kan uppstå vid nära vänskap, också utanför arbetet."


@pytest.fixture
def case(db):
    dinner = make_dilemma(
        "Middagen efter upphandlingen",
        slug="middagen",
        themes=("mutor-och-gavor",),
        principles=("legalitet",),
    )
    case = make_dilemma(
        "En gammal vän söker tillstånd",
        slug="gammal-van",
        themes=("jav",),
        principles=("objektivitet", "legalitet"),
        introduction=(
            "En handläggare får en ansökan från en person hon känner väl sedan skoltiden. "
            "Hur nära får en relation vara innan man är jävig?"
        ),
        guide=f"<h3>Fakta</h3><p>{GUIDE}</p><h3>Perspektiv att lyfta</h3><p>Förtroendet.</p>",
    )
    case.related.add(dinner)
    return case


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_the_links_to_more_cases_name_the_principle_or_theme(page, case, assert_accessible):
    page.goto(case.get_absolute_url())
    values = page.get_by_role("region", name="Värdegrund och teman")
    for name in ("objektivitet", "legalitet", "jäv"):
        expect(values.get_by_role("link", name=f"Fler dilemman om {name}")).to_be_visible()
    assert_accessible(page)
    values.get_by_role("link", name="Fler dilemman om jäv").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dilemman")
    expect(page.get_by_label("Tema")).to_have_value("jav")


def test_printing_a_case_prints_the_leader_guide(page, case):
    page.goto(case.get_absolute_url())
    guide = page.get_by_role("region", name="Stöd till samtalsledaren")
    expect(guide.get_by_text(GUIDE)).to_be_hidden()  # on screen the guide starts closed

    page.emulate_media(media="print")
    expect(guide.get_by_text(GUIDE)).to_be_visible()
    expect(guide.get_by_role("heading", name="Fakta")).to_be_visible()
    expect(page.get_by_text("Visa stödet")).to_be_hidden()  # nothing to open on paper
    printed = pdf_text(page.pdf())
    assert "Stöd till samtalsledaren" in printed and GUIDE in printed
    assert "Situationen i En gammal vän söker tillstånd" in printed
    assert "Fler dilemman om objektivitet" in printed


def test_printing_without_the_guide_leaves_it_out(page, case):
    page.goto(case.get_absolute_url())
    page.get_by_role("group", name="Använd fallet").get_by_text("Fler val").click()
    # Headless Chromium starts the print (`beforeprint`) and opens no dialog; the page
    # stays "being printed", so what it prints is seen in print media, not page.pdf().
    page.get_by_role("button", name="Skriv ut utan stöd till samtalsledaren").click()
    page.emulate_media(media="print")
    expect(page.get_by_text(GUIDE)).to_be_hidden()
    expect(page.get_by_role("heading", name="Stöd till samtalsledaren")).to_be_hidden()
    expect(page.get_by_role("heading", name="Frågor att samtala om")).to_be_visible()


def test_every_link_in_the_section_keeps_the_pack(page, case):
    page.goto(case.get_absolute_url() + "?d=middagen")
    panel = page.get_by_role("complementary", name="Ditt samtalspaket")

    def pack_is_kept():
        expect(panel).to_contain_text("1 dilemma i paketet.")
        remove = "Ta bort ”Middagen efter upphandlingen” ur paketet"
        expect(panel.get_by_role("listitem")).to_have_count(1)
        expect(panel.get_by_role("link", name=remove)).to_be_visible()

    pack_is_kept()
    page.get_by_role("link", name="Fler dilemman om objektivitet").click()
    expect(page.get_by_label("Värdegrundsprincip")).to_have_value("objektivitet")
    pack_is_kept()
    page.get_by_role("link", name="En gammal vän söker tillstånd", exact=True).click()
    pack_is_kept()
    page.get_by_role("region", name="Relaterade dilemman").get_by_role(
        "link", name="Middagen efter upphandlingen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Middagen efter upphandlingen")
    expect(page.get_by_text("Finns i ditt samtalspaket")).to_be_visible()
    pack_is_kept()
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Dilemman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dilemman")
    pack_is_kept()
    page.get_by_role("link", name="En gammal vän söker tillstånd", exact=True).click()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Dilemman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dilemman")
    pack_is_kept()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_situation_starts_on_the_first_screen(
    browser, live_server, case, assert_accessible, javascript
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="sv-SE",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(case.get_absolute_url())
    situation = page.get_by_role("region", name="Situationen")
    first_paragraph = situation.get_by_text("Situationen i En gammal vän söker tillstånd")
    assert first_paragraph.bounding_box()["y"] < 844

    # The actions are still all there, the rarer ones one keypress away.
    actions = page.get_by_role("group", name="Använd fallet")
    expect(actions.get_by_role("link", name="Ladda ner som PDF", exact=True)).to_be_visible()
    expect(actions.get_by_role("link", name="Lägg i samtalspaket")).to_be_visible()
    meeting = actions.get_by_role("link", name="Öppna mötesläget för projektor eller delad skärm")
    expect(meeting).to_be_hidden()
    actions.get_by_text("Fler val").focus()
    page.keyboard.press("Enter")
    expect(meeting).to_be_visible()
    expect(
        actions.get_by_role("link", name="Ladda ner som PDF utan stöd till samtalsledaren")
    ).to_be_visible()
    print_button = actions.get_by_role("button", name="Skriv ut", exact=True)
    if javascript:  # printing from a button needs the script; Ctrl+P does not
        expect(print_button).to_be_visible()
        assert_accessible(page)
    else:
        expect(print_button).to_have_count(0)
    page.keyboard.press("Tab")
    expect(actions.get_by_role("link", name="Ladda ner som PDF utan stöd")).to_be_focused()
    context.close()
