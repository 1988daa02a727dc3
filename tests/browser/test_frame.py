"""The site's frame in a real browser: language, skip link, navigation, the compact
mobile header, form fields' edges, the error summary, axe-core."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.seminars.factories import make_seminar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


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
    sections = [
        "Seminarier",
        "Kurser",
        "Dilemman",
        "Etiska koder",
        "Stödmaterial",
        "Krönikor",
        "Om oss",
    ]
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
    # The menu has an "Om oss" link too: look among the results' headings.
    hits = page.get_by_role("main").get_by_role("heading", level=2)
    expect(hits.filter(has_text=re.compile("^Om oss$"))).to_have_count(1)
    hit = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Om oss", level=2)
    )
    # <mark> has no ARIA role Playwright looks up; the highlighted word is what counts.
    expect(hit.locator("mark").first).to_have_text(re.compile("värdegrund", re.I))
    assert_accessible(page)
    page.goto("/sok/?q=ordsomintefinns")
    assert "Inga träffar" in page.content()
    assert_accessible(page)


# --- the compact header: one "Meny" disclosure below 768 px, open on wide screens ------


def accessible(page, name):
    """What Chromium's own accessibility tree says of the controls named `name`: each one's
    role, whether it is expanded, whether it takes focus. (Playwright's role engine gives
    a summary element no role, so the tests ask the browser.)"""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = []
    for node in nodes:
        role = node["role"]["value"]
        if node.get("ignored") or role in ("StaticText", "InlineTextBox"):
            continue
        if node.get("name", {}).get("value") == name:
            properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            found.append((role, properties.get("expanded"), properties.get("focusable")))
    return found


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_mobile_header_is_small_and_its_menu_opens_by_keyboard(
    browser, live_server, seeded, javascript
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/seminarier/")
    header = page.get_by_role("banner")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    search = page.get_by_role("search", name="Sök på webbplatsen").get_by_label(
        "Sök på webbplatsen"
    )
    assert header.bounding_box()["height"] < 120
    assert not nav.get_by_role("link", name="Kurser").is_visible()
    assert not search.is_visible()
    assert accessible(page, "Meny") == [("DisclosureTriangle", False, True)]

    # Tab: the skip link, the site's name, then the toggle.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Meny"
    page.keyboard.press("Enter")
    assert accessible(page, "Meny") == [("DisclosureTriangle", True, True)]
    assert search.is_visible()
    for name in [
        "Seminarier",
        "Kurser",
        "Dilemman",
        "Etiska koder",
        "Stödmaterial",
        "Krönikor",
        "Om oss",
    ]:
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    assert nav.get_by_role("link", name="Seminarier").get_attribute("aria-current") == "page"
    assert page.locator("main h1").bounding_box()["y"] < 844  # the open menu is not a screen

    page.keyboard.press("Space")  # Space works too: it closes the menu again
    assert accessible(page, "Meny") == [("DisclosureTriangle", False, True)]
    assert not nav.get_by_role("link", name="Kurser").is_visible()
    assert header.bounding_box()["height"] < 120
    context.close()


def test_the_wide_header_shows_the_menu_and_search_without_a_toggle(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/kurser/")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    for name in [
        "Seminarier",
        "Kurser",
        "Dilemman",
        "Etiska koder",
        "Stödmaterial",
        "Krönikor",
        "Om oss",
    ]:
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    search = page.get_by_role("search", name="Sök på webbplatsen")
    assert search.get_by_label("Sök på webbplatsen").is_visible()
    assert not page.get_by_text("Meny", exact=True).is_visible()
    assert accessible(page, "Meny") == []
    assert accessible(page, "Etiska koder") == [("link", None, True)]  # in the browser's tree
    # One row for the name and the search, one for the menu.
    assert page.get_by_role("banner").bounding_box()["height"] < 130
    context.close()


# --- forms: edges that can be seen, an error summary that is an alert -----------------

# Each visible field's edge colour and the colour behind the field (its nearest ancestor
# with a background), as Chromium computes them.
EDGES_JS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && el.checkVisibility())
  .map(el => {
    let behind = el.parentElement;
    while (behind && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(behind).backgroundColor)) {
      behind = behind.parentElement;
    }
    return {
      field: el.id || el.name,
      edge: getComputedStyle(el).borderTopColor,
      behind: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
  })"""


def luminance(css_colour):
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("width", [390, 1280])
def test_form_fields_edges_contrast_3_to_1_with_what_is_behind_them(browser, live_server, width):
    seminar = make_seminar()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    checked = set()
    for path in (seminar.get_absolute_url(), "/sok/?q=kultur"):
        page.goto(path)
        if width == 390 and path != "/sok/?q=kultur":
            page.locator("summary", has_text="Meny").click()  # the header's search field too
        for field in page.evaluate(EDGES_JS):
            ratio = contrast(field["edge"], field["behind"])
            assert ratio >= 3, f"{path} {field}: {ratio:.2f}:1"
            checked.add(field["field"])
    # The sign-up form's fields, its consent checkbox, the header's and the search page's.
    assert {"id_name", "id_email", "id_needs_consent", "site-search-q", "q"} <= checked, checked
    context.close()


def test_the_error_summary_is_a_focused_alert_with_a_red_title(page):
    seminar = make_seminar(title="Var går gränsen?")
    page.goto(seminar.get_absolute_url())
    page.get_by_role("button", name="Anmäl mig").click()
    summary = page.get_by_role("alert", name="Det finns fel i formuläret")
    assert summary.is_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert summary.get_by_role("link", name="Namn: Skriv ditt namn.").is_visible()
    title = summary.get_by_role("heading", name="Det finns fel i formuläret")
    assert title.evaluate("el => getComputedStyle(el).color") == "rgb(164, 0, 15)"
    assert page.title() == "Fel: Var går gränsen? – En god förvaltningskultur i staten"
