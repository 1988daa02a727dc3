"""The admin's rich-text editor in a real browser, as the Redaktör role uses it."""

import re

import pytest
from playwright.sync_api import expect

from dilemmas.models import Dilemma
from forvaltningskultur import roles
from forvaltningskultur.publishing import Status
from forvaltningskultur.richtext import sanitize_html
from tests.dilemmas.factories import make_dilemma
from tests.registration.staff_helpers import logged_in_context, role_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def editor_page(browser, live_server, django_user_model):
    context = logged_in_context(
        browser, live_server, role_user(django_user_model, roles.EDITOR, "redaktor")
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


def open_form(page, dilemma):
    page.goto(f"/admin/dilemmas/dilemma/{dilemma.pk}/change/")
    area = page.get_by_role("textbox", name="Situationen", exact=True)
    expect(area).to_be_visible()
    return area


def save(page, button="Spara utkast"):
    # The editor's page (the list it leads to is not this test's).
    assert not csp_errors(page), page.problems
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()


def csp_errors(page, *, pasted_styles=False):
    found = [p for p in page.problems if "Content Security Policy" in p or "Uncaught" in p]
    if pasted_styles:
        # Pasted style and onerror attributes are refused by the CSP as the paste is read: as meant.
        found = [p for p in found if "inline style" not in p and "inline event" not in p]
    return found


def test_write_with_the_toolbar_and_see_it_on_the_public_page(editor_page, live_server):
    page = editor_page
    dilemma = make_dilemma("Ett utkast om jäv", status=Status.DRAFT, scenario="<p>x</p>")
    area = open_form(page, dilemma)
    toolbar = page.get_by_role("toolbar", name="Formatering: Situationen")
    area.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Vad säger lagen")
    # The block type: a heading, level 2, from the toolbar's menu.
    # The dropdown's frame takes the click for its button, as it does for a mouse.
    toolbar.get_by_role("button", name="Stycke").click(force=True)
    toolbar.get_by_role("button", name="Rubrik nivå 2").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Punktlista").click()
    page.keyboard.type("Förvaltningslagen")
    page.keyboard.press("Enter")
    page.keyboard.type("Regeringsformen")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Läs mer hos JO")
    # The link: select the words, Ctrl+K (the toolbar's "Länk"), the dialog in Swedish.
    for _ in range(2):
        page.keyboard.press("Control+Shift+ArrowLeft")
    expect(toolbar.get_by_role("button", name="Länk (Ctrl+K)")).to_be_enabled()
    toolbar.get_by_role("button", name="Länk (Ctrl+K)").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Adress (URL)").fill("https://www.jo.se/")
    dialog.get_by_role("button", name="Spara länken").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    save(page, "Publicera")

    dilemma.refresh_from_db()
    assert dilemma.status == Status.PUBLISHED
    assert "<h2>Vad säger lagen</h2>" in dilemma.scenario, dilemma.scenario
    assert "<li>Förvaltningslagen</li>" in dilemma.scenario, dilemma.scenario
    page.goto(dilemma.get_absolute_url())
    expect(page.get_by_role("heading", name="Vad säger lagen", level=2)).to_be_visible()
    items = page.get_by_role("list").filter(has=page.get_by_text("Regeringsformen", exact=True))
    expect(items.get_by_role("listitem")).to_have_text(["Förvaltningslagen", "Regeringsformen"])
    link = page.get_by_role("link", name="hos JO")
    expect(link).to_have_attribute("href", "https://www.jo.se/")
    assert not csp_errors(page), page.problems


def test_pasted_html_is_cleaned(editor_page):
    page = editor_page
    dilemma = make_dilemma("Klistra in", status=Status.DRAFT, scenario="<p>Start</p>")
    area = open_form(page, dilemma)
    area.click()
    page.keyboard.press("Control+a")
    pasted = (
        '<h1 style="color:red">Rubrik från Word</h1>'
        '<p><font face="Comic Sans">Fin</font> <span style="font-size:30px">text</span></p>'
        '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">'
        '<p class="MsoNormal" onclick="alert(1)">Sista stycket</p>'
    )
    area.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Rubrik från Word");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        pasted,
    )
    expect(area).to_contain_text("Sista stycket")
    assert not csp_errors(page, pasted_styles=True), page.problems
    page.problems.clear()
    save(page)
    dilemma.refresh_from_db()
    stored = dilemma.scenario
    for bad in ("<script", "<font", "<h1", "<img", "style=", "onerror", "onclick", "class="):
        assert bad not in stored, stored
    assert "Rubrik från Word" in stored and "Sista stycket" in stored, stored
    assert page.evaluate("window.pwned") is None


def test_existing_content_survives_open_and_save(editor_page):
    page = editor_page
    body = (
        '<h2>Rubrik</h2><p>Text med <a href="https://example.se/">en länk</a>.</p>'
        "<ul><li>Ett</li><li>Två</li></ul><blockquote><p>Ett citat.</p></blockquote>"
    )
    table = (
        '<table><caption>Siffror</caption><thead><tr><th scope="col">År</th></tr></thead>'
        "<tbody><tr><td>2026</td></tr></tbody></table>"
    )
    dilemma = make_dilemma("Befintlig text", scenario=body, guide=body + table)
    stored_scenario = Dilemma.objects.get(pk=dilemma.pk).scenario
    open_form(page, dilemma)
    # The guide has a table the editor cannot show: it stays HTML, and says so.
    guide = page.get_by_role("textbox", name="Stöd till samtalsledaren")
    expect(guide).to_have_js_property("tagName", "TEXTAREA")
    expect(page.get_by_text(re.compile("redigeras här som HTML"))).to_be_visible()
    save(page, "Spara ändringarna")  # published: the case stays so
    saved = Dilemma.objects.get(pk=dilemma.pk)
    assert saved.scenario == stored_scenario == sanitize_html(body)
    assert saved.leader_guide == sanitize_html(body + table)
    assert not csp_errors(page), page.problems


def test_the_editors_on_a_change_form_are_accessible(editor_page):
    """axe-core on every editor of the form (toolbar, menus, text area, LIX). The rest of
    the change form (inlines, filter widgets) is the admin's, checked on its own."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.conftest import AXE_OPTIONS

    page = editor_page
    dilemma = make_dilemma("Tillgänglig", status=Status.DRAFT)
    other = make_dilemma("Ett publicerat grannfall")
    open_form(page, dilemma)
    expect(page.get_by_role("toolbar", name="Formatering: Situationen")).to_be_visible()
    expect(page.locator(".richtext-editor")).to_have_count(2)
    assert not csp_errors(page), page.problems  # before axe, which adds its own style
    results = Axe().run(page, context={"include": [[".richtext-editor"]]}, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert results.response["passes"], "axe looked at nothing"
    # Open the link dialog too: labelled fields, in Swedish.
    # The last word selected from the text's end; the toolbar's "Länk" becomes available
    # (announced so too) once the editor has the selection, and Ctrl+K opens its dialog.
    toolbar = page.get_by_role("toolbar", name="Formatering: Situationen")
    link_button = toolbar.get_by_role("button", name="Länk (Ctrl+K)")
    page.get_by_role("textbox", name="Situationen", exact=True).click()
    page.keyboard.press("Control+End")
    expect(link_button).to_be_disabled()
    page.keyboard.press("Control+Shift+ArrowLeft")
    expect(link_button).to_be_enabled()
    page.keyboard.press("Control+k")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Länk")).to_be_visible()
    # Internal links: the address field offers the site's published content.
    address = dialog.get_by_label("Adress (URL)")
    expect(address).to_have_attribute("list", "richtext-internal-links")
    option = page.locator(f'#richtext-internal-links option[value="{other.get_absolute_url()}"]')
    expect(option).to_have_attribute("label", "Ett publicerat grannfall (Dilemma)")
    results = Axe().run(page, context={"include": [["dialog"]]}, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_the_readability_figures_follow_the_writing(editor_page):
    """LIX under the introduction (a plain field) and the situation (the editor) changes as
    the editor writes, and reads as the server's figure for the same text after saving."""
    page = editor_page
    dilemma = make_dilemma(
        "Läsbarhet", status=Status.DRAFT, introduction="Kort.", scenario="<p>Kort.</p>"
    )
    open_form(page, dilemma)
    figures = {
        "introduction": page.locator("#id_introduction-lix output"),
        "scenario": page.locator("[data-lix-for=id_scenario] output"),
    }
    expect(figures["introduction"]).to_have_text("LIX 1 (mycket lättläst)")
    intro = page.get_by_role("textbox", name="Ingress")
    intro.fill("")
    intro.press_sequentially(
        "Förvaltningsmyndigheternas verksamhetsutveckling förutsätter omfattande "
        "samverkansöverenskommelser mellan myndigheterna"
    )
    expect(figures["introduction"]).to_have_text("LIX 93 (mycket svår)")  # 7 words, 6 long: 7 + 86
    area = page.get_by_role("textbox", name="Situationen", exact=True)
    area.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Vad gör du när chefen ber dig ändra beslutet? Du säger nej.")
    page.keyboard.press("Enter")
    page.keyboard.type("Handläggningsordningen")
    shown = {}
    for name, figure in figures.items():
        expect(figure).not_to_have_text("LIX 1 (mycket lättläst)")
        shown[name] = figure.text_content()
    save(page)
    page.reload()
    for name, figure in figures.items():
        expect(figure).to_have_text(shown[name])
    assert not csp_errors(page), page.problems
