"""In a real browser: from the list to a column to its writer, and axe-core on the way."""

import re

import pytest
from playwright.sync_api import expect

from columns.models import Language

from .factories import make_author, make_column

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def columns(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    maria = make_author(
        name="Maria Larsson",
        slug="maria-larsson",
        role="landshövding, tidigare socialminister",
        organisation="",
        bio="Sitter i Statskontorets råd för en god förvaltningskultur.",
        on_council=True,
        portrait=True,
    )
    column = make_column(
        author=maria,
        title="Kan medborgarna lita på staten?",
        slug="kan-medborgarna-lita-pa-staten",
        days_ago=1,
    )
    make_column(days_ago=3, title="Trust is built every day", language=Language.ENGLISH)
    for day in range(4, 16):
        make_column(days_ago=day)  # enough for a second page
    return column


def test_list_to_column_to_author(page, columns, assert_accessible):
    page.goto("/kronikor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Krönikor")
    expect(page.get_by_role("navigation", name="Sidnumrering")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kan medborgarna lita på staten?").click()
    expect(page).to_have_url(re.compile(r"/kronikor/kan-medborgarna-lita-pa-staten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kan medborgarna lita på staten?")
    expect(page.get_by_text("Skribenten svarar själv för innehållet i krönikan.")).to_be_visible()
    portrait = page.get_by_role("img", name="Porträtt av Maria Larsson")
    expect(portrait).to_be_visible()
    assert portrait.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)

    page.get_by_role("link", name="Maria Larsson").click()
    expect(page).to_have_url(re.compile(r"/kronikor/forfattare/maria-larsson/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Maria Larsson")
    profile = page.get_by_role("main")
    expect(profile.get_by_text("landshövding, tidigare socialminister", exact=True)).to_be_visible()
    expect(profile.get_by_text("Sitter i Statskontorets råd för en god")).to_be_visible()
    theirs = page.get_by_role("region", name="Krönikor av Maria Larsson")
    expect(theirs.get_by_role("link", name="Kan medborgarna lita på staten?")).to_be_visible()
    assert_accessible(page)


def test_column_in_english_passes_axe(page, columns, assert_accessible):
    page.goto("/kronikor/")
    page.get_by_role("link", name="Trust is built every day").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Trust is built every day")
    # The language a screen reader speaks it in is an attribute: no role or text shows it.
    assert heading.evaluate("h1 => h1.closest('[lang]').lang") == "en"
    assert_accessible(page)
