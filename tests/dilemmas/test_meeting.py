"""Meeting mode in a real browser: one question at a time on a projector, by keyboard and
screen reader, with the site's frame hidden or the page full screen; all of it without
JavaScript too."""

import pytest
from playwright.sync_api import expect

from .factories import make_dilemma

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = ("Första frågan?", "Andra frågan?", "Tredje frågan?", "Fjärde frågan?")
# Long enough that the page is taller than any test window: there is something to scroll.
LONG_SCENARIO = "".join(
    f"<p>Stycke {n} om situationen: en kollega säger något i ett möte som ingen svarar på, "
    "och efteråt pratar alla om det i korridoren men ingen med den det gällde.</p>"
    for n in range(1, 13)
)


@pytest.fixture
def case(db):
    return make_dilemma("Tystnaden i mötet", questions=QUESTIONS, scenario=LONG_SCENARIO)


@pytest.fixture
def meeting(page, case):
    page.goto(case.meeting_url())
    return page


def shown_numbers(page):
    """The list numbers the browser renders and a screen reader reads (the markers in
    Chromium's accessibility tree), for the question items on screen."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    by_id = {node["nodeId"]: node for node in nodes}
    numbers = []
    for node in nodes:
        if node.get("ignored") or node.get("role", {}).get("value") != "ListMarker":
            continue
        item = by_id.get(node.get("parentId"), {})
        text = " ".join(
            by_id[child].get("name", {}).get("value", "")
            for child in item.get("childIds", [])
            if child in by_id
        )
        if any(question in text for question in QUESTIONS):
            numbers.append(node["name"]["value"].strip())
    return numbers


def visible_questions(page):
    items = page.get_by_role("region", name="Frågor att samtala om").get_by_role("listitem")
    return [item.inner_text() for item in items.all() if item.is_visible()]


def assert_status_shows(page, text):
    """The status line on screen reads exactly `text`."""
    expect(page.get_by_text(text, exact=True)).to_be_visible()


def announced(page):
    """What a screen reader announces on a change: the text of the live regions."""
    regions = page.locator("[aria-live], [role=status], [role=alert], [role=log]")
    return [region.text_content().strip() for region in regions.all()]


def assert_focus_on_usable_button(page, name):
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("el => el.tagName") == "BUTTON"
    expect(focused).to_be_visible()
    expect(focused).to_be_enabled()
    expect(focused).to_have_accessible_name(name)


def test_each_question_keeps_its_number_from_the_list(meeting):
    for n, question in enumerate(QUESTIONS, start=1):
        assert visible_questions(meeting) == [question]
        assert_status_shows(meeting, f"Fråga {n} av 4")
        assert shown_numbers(meeting) == [f"{n}."]
        meeting.keyboard.press("ArrowRight")


def test_the_status_announces_the_question_itself(meeting):
    assert announced(meeting) == ["Fråga 1 av 4: Första frågan?"]
    meeting.get_by_role("button", name="Nästa fråga").click()
    meeting.get_by_role("button", name="Nästa fråga").click()
    assert announced(meeting) == ["Fråga 3 av 4: Tredje frågan?"]
    # The live region is the status line itself (polite by its role), shown on screen.
    expect(meeting.get_by_role("status")).to_contain_text("Fråga 3 av 4")


def test_pressing_next_past_the_last_question_keeps_focus_on_a_button(meeting, assert_accessible):
    meeting.get_by_role("button", name="Nästa fråga").focus()
    for _ in range(3):
        meeting.keyboard.press("Enter")
    assert visible_questions(meeting) == [QUESTIONS[3]]
    assert_status_shows(meeting, "Fråga 4 av 4")
    assert_focus_on_usable_button(meeting, "Visa alla frågor")
    assert_accessible(meeting)

    meeting.keyboard.press("Enter")
    assert visible_questions(meeting) == list(QUESTIONS)
    assert_status_shows(meeting, "Alla 4 frågor")
    assert shown_numbers(meeting) == ["1.", "2.", "3.", "4."]
    assert_focus_on_usable_button(meeting, "Börja om från första frågan")
    assert_accessible(meeting)

    meeting.keyboard.press("Enter")
    assert visible_questions(meeting) == [QUESTIONS[0]]
    assert_focus_on_usable_button(meeting, "Nästa fråga")


def test_pressing_previous_back_to_the_first_question_keeps_focus_on_a_button(meeting):
    meeting.get_by_role("button", name="Nästa fråga").click()
    meeting.get_by_role("button", name="Föregående fråga").focus()
    meeting.keyboard.press("Enter")
    assert visible_questions(meeting) == [QUESTIONS[0]]
    expect(meeting.get_by_role("button", name="Föregående fråga")).to_be_disabled()
    assert_focus_on_usable_button(meeting, "Nästa fråga")


def test_space_on_the_buttons_goes_through_every_question_and_round(meeting):
    meeting.get_by_role("button", name="Nästa fråga").focus()
    for question in QUESTIONS[1:]:
        meeting.keyboard.press("Space")
        assert visible_questions(meeting) == [question]
    meeting.keyboard.press("Space")
    assert visible_questions(meeting) == list(QUESTIONS)
    meeting.keyboard.press("Space")
    assert visible_questions(meeting) == [QUESTIONS[0]]
    meeting.keyboard.press("Space")
    meeting.get_by_role("button", name="Föregående fråga").focus()
    meeting.keyboard.press("Space")
    assert visible_questions(meeting) == [QUESTIONS[0]]
    assert_focus_on_usable_button(meeting, "Nästa fråga")


def settle(page):
    """Wait until the page has not scrolled for two frames (a smooth scroll has ended)."""
    page.evaluate(
        """() => new Promise((done) => {
          let last = -1;
          const tick = () => {
            if (scrollY === last) return done();
            last = scrollY;
            requestAnimationFrame(() => requestAnimationFrame(tick));
          };
          tick();
        })"""
    )


def test_arrow_keys_step_and_the_page_keys_scroll(meeting):
    assert meeting.evaluate("document.documentElement.scrollHeight > 2 * innerHeight")
    meeting.keyboard.press("ArrowRight")
    meeting.keyboard.press("ArrowRight")
    assert visible_questions(meeting) == [QUESTIONS[2]]
    meeting.keyboard.press("ArrowLeft")
    assert visible_questions(meeting) == [QUESTIONS[1]]

    assert meeting.evaluate("scrollY") == 0
    # Each key's scroll has come to rest before the next key: a key pressed while the
    # browser still scrolls for the one before may be lost.
    meeting.keyboard.press("PageDown")
    meeting.wait_for_function("() => scrollY > 0")
    settle(meeting)
    meeting.keyboard.press("End")
    meeting.wait_for_function(
        "() => scrollY + innerHeight >= document.documentElement.scrollHeight - 2"
    )
    settle(meeting)
    bottom = meeting.evaluate("scrollY")
    meeting.keyboard.press("PageUp")
    meeting.wait_for_function("(bottom) => scrollY < bottom", arg=bottom)
    settle(meeting)
    meeting.keyboard.press("Home")
    meeting.wait_for_function("() => scrollY === 0")
    assert visible_questions(meeting) == [QUESTIONS[1]]
    assert_status_shows(meeting, "Fråga 2 av 4")


def test_arrow_keys_are_left_to_the_search_field(meeting):
    search = meeting.get_by_role("searchbox", name="Sök på webbplatsen")
    search.fill("jäv")
    search.press("ArrowLeft")
    search.press("ArrowRight")
    assert visible_questions(meeting) == [QUESTIONS[0]]


def test_the_site_frame_can_be_hidden_and_shown_again(meeting, assert_accessible):
    banner = meeting.get_by_role("banner")
    breadcrumbs = meeting.get_by_role("navigation", name="Brödsmulor")
    footer = meeting.get_by_role("contentinfo")
    meeting.get_by_role("button", name="Dölj sidhuvud och meny").click()
    for part in (banner, breadcrumbs, footer):
        expect(part).to_be_hidden()
    assert_focus_on_usable_button(meeting, "Visa sidhuvud och meny")
    expect(meeting.get_by_role("heading", level=1)).to_have_text("Tystnaden i mötet")
    assert_accessible(meeting)
    meeting.keyboard.press("Enter")
    for part in (banner, breadcrumbs, footer):
        expect(part).to_be_visible()
    assert_focus_on_usable_button(meeting, "Dölj sidhuvud och meny")


def test_full_screen_hides_the_frame_and_leaving_brings_it_back(meeting, assert_accessible):
    meeting.get_by_role("button", name="Helskärm").click()
    meeting.wait_for_function("() => document.fullscreenElement === document.documentElement")
    expect(meeting.get_by_role("banner")).to_be_hidden()
    expect(meeting.get_by_role("contentinfo")).to_be_hidden()
    expect(meeting.get_by_role("button", name="Avsluta helskärm")).to_be_visible()
    meeting.get_by_role("button", name="Nästa fråga").click()
    assert visible_questions(meeting) == [QUESTIONS[1]]
    assert_accessible(meeting)

    meeting.get_by_role("button", name="Avsluta helskärm").click()
    meeting.wait_for_function("() => document.fullscreenElement === null")
    expect(meeting.get_by_role("banner")).to_be_visible()
    expect(meeting.get_by_role("button", name="Helskärm")).to_be_visible()
    expect(meeting.get_by_role("button", name="Dölj sidhuvud och meny")).to_be_visible()


def test_no_full_screen_button_where_the_browser_refuses_it(page, case):
    page.add_init_script(
        "Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false})"
    )
    page.goto(case.meeting_url())
    expect(page.get_by_role("button", name="Dölj sidhuvud och meny")).to_be_visible()
    expect(page.get_by_role("button", name="Helskärm")).to_have_count(0)
    page.get_by_role("button", name="Nästa fråga").click()
    assert visible_questions(page) == [QUESTIONS[1]]


def test_meeting_mode_moves_through_questions_with_the_keyboard(meeting, assert_accessible):
    assert_status_shows(meeting, "Fråga 1 av 4")
    assert visible_questions(meeting) == [QUESTIONS[0]]
    assert_accessible(meeting)
    meeting.keyboard.press("ArrowRight")
    assert_status_shows(meeting, "Fråga 2 av 4")
    assert visible_questions(meeting) == [QUESTIONS[1]]
    for _ in range(3):
        meeting.keyboard.press("ArrowRight")
    assert_status_shows(meeting, "Fråga 4 av 4")
    meeting.keyboard.press("ArrowLeft")
    assert visible_questions(meeting) == [QUESTIONS[2]]
    meeting.get_by_role("button", name="Nästa fråga").click()
    assert visible_questions(meeting) == [QUESTIONS[3]]


def test_meeting_mode_without_javascript_shows_every_question(browser, live_server, case):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(case.meeting_url())
    assert visible_questions(page) == list(QUESTIONS)
    assert shown_numbers(page) == ["1.", "2.", "3.", "4."]
    for name in ("Nästa fråga", "Föregående fråga", "Helskärm", "Dölj sidhuvud och meny"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.get_by_role("banner")).to_be_visible()
    context.close()


def test_printing_meeting_mode_prints_the_case_and_every_question(meeting):
    """On paper there is nothing to step through: the situation and every question, in
    order and numbered, without the buttons, the status or the key hint."""
    import io

    from pypdf import PdfReader

    meeting.get_by_role("button", name="Nästa fråga").click()
    assert visible_questions(meeting) == [QUESTIONS[1]]
    meeting.emulate_media(media="print")
    expect(meeting.get_by_role("heading", level=1)).to_have_text("Tystnaden i mötet")
    situation = meeting.get_by_role("region", name="Situationen")
    expect(situation.get_by_text("Stycke 12 om situationen")).to_be_visible()
    assert visible_questions(meeting) == list(QUESTIONS)
    for name in ("Föregående fråga", "Nästa fråga", "Helskärm", "Dölj sidhuvud och meny"):
        expect(meeting.get_by_role("button", name=name)).to_be_hidden()
    expect(meeting.get_by_role("status")).to_be_hidden()
    expect(meeting.get_by_text("Byt fråga med knapparna")).to_be_hidden()
    expect(meeting.get_by_role("link", name="Tillbaka till dilemmat")).to_be_hidden()
    # Last: ending the CDP session that reads the numbers ends the print emulation too.
    assert shown_numbers(meeting) == ["1.", "2.", "3.", "4."]

    printed = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.pdf())).pages)
    assert all(question in printed for question in QUESTIONS)
    assert "Stycke 12 om situationen" in printed
    for control in ("Nästa fråga", "Föregående fråga", "Fråga 2 av 4", "Helskärm"):
        assert control not in printed
