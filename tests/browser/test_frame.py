"""The site's frame in a real browser: language, skip link, navigation, axe-core."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_start_page_language_and_skip_link(page, seeded):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_navigation_reaches_every_section(page, seeded):
    page.goto("/")
    sections = ["Seminarier", "Kurser", "Dilemman", "Etiska koder", "Krönikor", "Om oss"]
    for name in sections:
        page.goto("/")
        nav = page.get_by_role("navigation", name="Huvudmeny")
        nav.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1, name
        assert nav.locator("[aria-current=page]").inner_text() == name


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/om/",
        "/tillganglighetsredogorelse/",
        "/personuppgifter/",
        "/kakor/",
        "/kontakt/",
        "/finns-inte/",
    ],
)
def test_no_axe_violations(page, seeded, assert_accessible, url):
    page.goto(url)
    assert_accessible(page)


def test_page_fits_320_pixels(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in ("/", "/om/", "/tillganglighetsredogorelse/", "/kakor/"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
    context.close()


def test_styles_are_served_to_the_browser(page, seeded):
    page.goto("/")
    header_bg = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_bg == "rgb(18, 54, 90)"


def test_search_from_the_header_and_results_are_accessible(page, seeded, assert_accessible):
    page.goto("/om/")
    page.get_by_role("search").get_by_label("Sök på webbplatsen").fill("värdegrunden")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=*")
    assert page.locator("h1").inner_text() == "Sök"
    assert page.get_by_role("link", name="Om oss").count() >= 1
    assert page.locator(".search-hit mark").count() >= 1
    assert_accessible(page)
    page.goto("/sok/?q=ordsomintefinns")
    assert "Inga träffar" in page.content()
    assert_accessible(page)
