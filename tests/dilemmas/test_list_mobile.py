"""The dilemma list in a real browser: what its buttons are called, and the list on a
phone (the filters behind "Filtrera", the first case and the pack within the first
screen), with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from .factories import make_dilemma

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(db):
    return [
        make_dilemma("Den tysta kollegan", slug="den-tysta-kollegan", days_ago=1),
        make_dilemma("Middagen efter upphandlingen", slug="middagen", days_ago=2),
        make_dilemma("Tårtan", slug="tartan", themes=("mutor-och-gavor",), days_ago=3),
    ]


def test_the_card_button_names_its_case(page, cases):
    page.goto("/dilemman/")
    add = page.get_by_role("link", name="Lägg i samtalspaket: Den tysta kollegan", exact=True)
    expect(add).to_be_visible()
    expect(add).to_have_text("Lägg i samtalspaket")
    add.click()
    panel = page.get_by_role("complementary", name="Ditt samtalspaket")
    expect(
        panel.get_by_role("link", name="Ta bort ”Den tysta kollegan” ur paketet", exact=True)
    ).to_be_visible()


PACK = ["middagen", "tartan", "fjallen"]
FILTERED = "/dilemman/?tema=jav&malgrupp=chefer&" + "&".join(f"d={slug}" for slug in PACK)


@pytest.fixture
def listing(cases):
    make_dilemma("Resan till fjällen", slug="fjallen", audience="medarbetare", days_ago=4)
    return cases


@pytest.fixture
def open_list(browser, live_server):
    """Open a URL in a context of its own; every context is closed after the test, also
    when it fails (an open one makes the next test wait for ever)."""
    contexts = []

    def open_(url, *, width, javascript):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 844},
            locale="sv-SE",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_cases_start_on_the_first_screen(
    open_list, listing, assert_accessible, javascript
):
    page = open_list(FILTERED, width=390, javascript=javascript)
    first_card = page.get_by_role("heading", name="Den tysta kollegan", exact=True)
    assert first_card.bounding_box()["y"] < 844

    # The filters wait behind one toggle that says how many are in use; the ones in use
    # are listed, each with its removal link, above the cases.
    toggle = page.get_by_text("Filtrera (2 val)", exact=True)
    expect(toggle).to_be_visible()
    theme = page.get_by_role("combobox", name="Tema")
    expect(theme).to_be_hidden()
    expect(page.get_by_role("link", name="Ta bort filtret Jäv")).to_be_visible()
    # The pack panel is below the cards: its state, and a way there, are up here.
    status = page.get_by_text("3 dilemman i ditt samtalspaket")
    expect(status).to_be_visible()
    assert status.bounding_box()["y"] < 844
    if javascript:  # axe is a script: it runs where scripts do
        assert_accessible(page)

    toggle.focus()
    page.keyboard.press("Enter")
    expect(theme).to_be_visible()
    expect(theme).to_have_value("jav")
    expect(page.get_by_role("combobox", name="Värdegrundsprincip")).to_be_visible()
    expect(page.get_by_role("combobox", name="Målgrupp")).to_have_value("chefer")
    if javascript:
        assert_accessible(page)
    page.get_by_role("combobox", name="Målgrupp").select_option("medarbetare")
    page.get_by_role("combobox", name="Tema").select_option("")
    page.get_by_role("button", name="Visa dilemman").click()
    expect(page.get_by_role("heading", name="Resan till fjällen", exact=True)).to_be_visible()
    expect(page.get_by_text("Filtrera (1 val)", exact=True)).to_be_visible()
    expect(page.get_by_text("3 dilemman i ditt samtalspaket")).to_be_visible()

    page.get_by_role("link", name="Gå till paketet").click()
    panel = page.get_by_role("complementary", name="Ditt samtalspaket")
    expect(panel.get_by_role("heading", name="Ditt samtalspaket")).to_be_in_viewport()
    expect(panel.get_by_role("listitem")).to_have_count(3)


def test_on_a_phone_an_empty_pack_and_no_filters_say_nothing(open_list, listing):
    page = open_list("/dilemman/", width=390, javascript=True)
    expect(page.get_by_text("Filtrera", exact=True)).to_be_visible()
    expect(page.get_by_text("i ditt samtalspaket")).to_have_count(0)
    assert page.get_by_role("heading", name="Den tysta kollegan").bounding_box()["y"] < 844


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_wide_screen_the_filters_stand_open(open_list, listing, assert_accessible, javascript):
    page = open_list(FILTERED, width=1280, javascript=javascript)
    expect(page.get_by_role("heading", name="Filtrera dilemman")).to_be_visible()
    for name in ("Tema", "Värdegrundsprincip", "Målgrupp"):
        expect(page.get_by_role("combobox", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Visa dilemman")).to_be_visible()
    expect(page.get_by_text("Filtrera (2 val)")).to_be_hidden()
    # The panel stands beside the cases: no second status line.
    panel = page.get_by_role("complementary", name="Ditt samtalspaket")
    expect(panel).to_be_in_viewport()
    expect(page.get_by_text("3 dilemman i ditt samtalspaket")).to_be_hidden()
    if javascript:
        assert_accessible(page)
    page.get_by_role("combobox", name="Tema").select_option("")
    page.get_by_role("button", name="Visa dilemman").click()
    expect(page.get_by_role("heading", name="Resan till fjällen", exact=True)).to_be_hidden()
    expect(page.get_by_role("heading", name="Tårtan", exact=True)).to_be_visible()
