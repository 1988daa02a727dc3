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
