"""Publishing in a browser, as an editor: schedule with "Schemalägg…" and read the status
line on the form and in the list, publish, unpublish; a refused publishing lists its
reasons at the top, and the links move focus to the fields; preview a draft and follow
"Redigera"; the start page's draft is not public until published."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dilemmas.models import Dilemma
from forvaltningskultur.models import StartPage
from forvaltningskultur.publishing import Status
from tests.dilemmas.factories import make_dilemma
from tests.site.test_lost_update import browser_session, editor, make_start_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NBSP = "\u00a0"


def shoot(page, tmp_path, name):
    """Screenshots at a phone's and a desktop's width, to look at: in tmp_path, or in
    $PUBLISHING_SHOTS if set."""
    folder = Path(os.environ.get("PUBLISHING_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def status(page):
    return page.locator("#publishing-status")


@pytest.fixture
def redaktor(browser, live_server, django_user_model):
    client = editor(django_user_model, "redaktor", "Rut", "Redaktör")
    context = browser_session(browser, live_server, client, 1280)
    yield context.new_page()
    context.close()


def test_schedule_publish_and_unpublish_from_the_form(redaktor, live_server, tmp_path):
    page = redaktor
    dilemma = make_dilemma("Gåvan från leverantören", status=Status.DRAFT)
    url = f"{live_server.url}/admin/dilemmas/dilemma/{dilemma.pk}/change/"
    page.goto(url)
    expect(status(page)).to_have_text("Läge: Utkast")
    time_field = page.get_by_label("Publiceras (datum och klockslag)")
    expect(time_field).to_be_hidden()  # until "Schemalägg…" is chosen
    toggle = page.get_by_role("button", name="Schemalägg…")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(time_field).to_be_focused()
    time_field.fill("2031-05-07T13:00")
    shoot(page, tmp_path, "schedule-open")
    page.get_by_role("button", name="Schemalägg", exact=True).click()

    line = f"Schemalagd: publiceras onsdagen den 7{NBSP}maj 2031 kl.{NBSP}13.00"
    expect(status(page)).to_have_text(f"Läge: {line}")
    shoot(page, tmp_path, "scheduled")
    page.goto(f"{live_server.url}/admin/dilemmas/dilemma/")
    row = page.get_by_role("row").filter(has_text="Gåvan från leverantören")
    expect(row).to_contain_text(line)
    shoot(page, tmp_path, "list")

    page.goto(url)
    page.get_by_role("button", name="Publicera nu").click()
    expect(status(page)).to_have_text(re.compile(r"^Läge: Publicerad \w+dagen den "))
    assert Dilemma.objects.published().filter(pk=dilemma.pk).exists()
    expect(page.get_by_role("button", name="Schemalägg…")).to_have_count(0)

    page.get_by_role("button", name="Avpublicera").click()
    expect(status(page)).to_have_text("Läge: Utkast")
    assert not Dilemma.objects.published().filter(pk=dilemma.pk).exists()


def test_refused_publishing_lists_the_reasons_and_the_links_move_focus(
    redaktor, live_server, tmp_path
):
    page = redaktor
    dilemma = make_dilemma("Utan teman", status=Status.DRAFT, themes=(), principles=())
    page.goto(f"{live_server.url}/admin/dilemmas/dilemma/{dilemma.pk}/change/")
    page.get_by_role("button", name="Publicera", exact=True).click()

    summary = page.get_by_role("alert", name=re.compile("^Formuläret har"))
    expect(summary).to_be_focused()
    expect(status(page)).to_have_text("Läge: Utkast")
    shoot(page, tmp_path, "refused")
    links = summary.get_by_role("link")
    assert links.count() >= 2
    summary.get_by_role("link", name=re.compile("^Teman")).click()
    # The first check box of each (the fieldset names both pickers).
    expect(page.locator("#id_themes_0")).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Värdegrundsprinciper")).click()
    expect(page.locator("#id_principles_0")).to_be_focused()
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT


def test_preview_a_draft_and_follow_redigera(redaktor, live_server, tmp_path):
    page = redaktor
    dilemma = make_dilemma("Ett utkast", status=Status.DRAFT)
    page.goto(f"{live_server.url}{dilemma.get_absolute_url()}")
    banner = page.get_by_role("status").filter(has_text="Förhandsgranskning")
    expect(banner).to_contain_text("Utkast")
    expect(page.get_by_text(re.compile("^Publicerad"))).to_have_count(0)
    shoot(page, tmp_path, "preview")
    banner.get_by_role("link", name="Redigera").click()
    page.wait_for_url(f"**/admin/dilemmas/dilemma/{dilemma.pk}/change/")
    expect(page.get_by_role("textbox", name="Rubrik:", exact=True)).to_have_value("Ett utkast")


def test_the_start_page_draft_is_public_only_when_published(
    redaktor, browser, live_server, tmp_path, assert_accessible
):
    page = redaktor
    start = make_start_page()
    visitor = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    page.goto(f"{live_server.url}/admin/forvaltningskultur/startpage/{start.pk}/change/")
    page.get_by_role("textbox", name="Rubrik:", exact=True).fill("En ny rubrik")
    page.get_by_role("button", name="Spara utkast").click()
    expect(status(page)).to_contain_text("Ett opublicerat utkast sparades")
    shoot(page, tmp_path, "startpage-draft")
    # With the admin's own navigation closed, as in test_lost_update (its app list
    # repeats "Lägg till" for every model).
    page.get_by_role("button", name="Växla navigering").click()
    assert_accessible(page)

    visitor.goto("/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Välkommen")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Förhandsgranska utkastet").click()
    preview = popup.value
    expect(preview.get_by_role("heading", level=1)).to_have_text("En ny rubrik")
    expect(preview.get_by_role("status").filter(has_text="Förhandsgranskning")).to_contain_text(
        "Utkast"
    )
    shoot(preview, tmp_path, "startpage-preview")

    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(status(page)).to_have_text(re.compile(r"^Läge: Publicerad "))
    visitor.goto("/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("En ny rubrik")
    assert StartPage.objects.get().draft is None
    visitor.context.close()
