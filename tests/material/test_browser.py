"""The whole flow in a real browser: an agency offers material with a file, confirms by
the mailed link, an editor publishes it, and it is in the library, the search and the
sitemap; another is declined with a reason. And axe-core on every public page."""

import re

import pytest
from playwright.sync_api import expect

from material import services
from material.demo import example_pdf

from .factories import PASSWORD, form_data, make_editor, make_material, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ERRORS = "Det finns fel i formuläret"
TITLE = "Samtalsmodellen Provverket använder"


def _fill_form(page, pdf_path):
    page.get_by_label("Myndigheten finns inte i listan").fill("Provverket")
    page.get_by_label("Materialets titel").fill(TITLE)
    page.get_by_role("radio", name="Samtalsguide").check()
    page.get_by_label("Kort beskrivning").fill("Vi samtalar om ett dilemma i månaden.")
    page.get_by_role("textbox", name=re.compile(r"^År")).fill("2025")
    page.get_by_label("Filer (frivilligt)").set_input_files(str(pdf_path))
    page.get_by_role("radio", name=re.compile("CC BY 4.0")).check()
    page.get_by_label("Kontakt hos myndigheten").fill("vardegrund@provverket.se")
    page.get_by_label("Ditt namn").fill("Petra Provare")
    page.get_by_label("Din e-postadress i tjänsten").fill("petra.provare@provverket.se")
    page.get_by_label(re.compile("Jag intygar att myndigheten får dela")).check()


def _log_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _link(mail):
    return re.search(r"http://testserver(/\S+)", mail.body).group(1)


def test_offer_confirm_publish_and_find_it(
    page, browser, live_server, tmp_path, mailoutbox, django_user_model
):
    pdf = tmp_path / "samtalsmodell.pdf"
    pdf.write_bytes(example_pdf(TITLE))
    page.goto("/dela-material/")
    _fill_form(page, pdf)
    page.get_by_role("button", name="Skicka in materialet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack! Bekräfta med länken i mejlet")

    confirm = mailoutbox[0]
    assert confirm.to == ["petra.provare@provverket.se"]
    page.goto(_link(confirm))
    page.get_by_role("button", name="Bekräfta bidraget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bidraget är bekräftat")

    make_editor(django_user_model)
    _log_in(page, "redaktor")
    page.goto("/admin/material/incomingsubmission/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("link", name="samtalsmodell.pdf")).to_be_visible()
    page.get_by_label("Meddelande till inlämnaren").fill("Tack för att ni delar!")
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Bidraget är publicerat som")).to_be_visible()
    published = mailoutbox[-1]
    assert published.subject == f"”{TITLE}” är publicerat"
    assert "Tack för att ni delar!" in published.body

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/stodmaterial/")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(
        visitor.get_by_text(re.compile("Inlämnat av Provverket, granskat av Statskontoret"))
    ).to_be_visible()
    download_link = visitor.get_by_role("link", name="Ladda ner samtalsmodell")
    expect(download_link).to_be_visible()
    expect(visitor.get_by_text(re.compile(r"\(pdf, \d+\s?kB\)"))).to_be_visible()
    with visitor.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read().startswith(b"%PDF-")

    visitor.goto("/sok/?q=samtalsmodellen")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.goto("/sitemap.xml")
    assert "/stodmaterial/samtalsmodellen-provverket-anvander/" in visitor.content()


def test_decline_with_a_reason_and_the_mail_says_it(page, mailoutbox, django_user_model):
    data = form_data(title="Ett avböjt bidrag")
    data.update(agency=None, year=2025, links=[], themes=[], may_share=True)
    submission, _token = services.submit(data, [pdf_upload()])
    services.confirm(submission)
    make_editor(django_user_model)
    _log_in(page, "redaktor")
    page.goto(f"/admin/material/incomingsubmission/{submission.pk}/change/")
    page.get_by_role("button", name="Avböj").click()
    # Under the field, and as a link in the error summary at the top.
    expect(
        page.get_by_role("alert").get_by_role(
            "link", name=re.compile("Skriv varför bidraget avböjs")
        )
    ).to_be_visible()
    page.get_by_label("Meddelande till inlämnaren").fill("Materialet finns redan hos oss.")
    page.get_by_role("button", name="Avböj").click()
    expect(page.get_by_text("Bidraget är avböjt.")).to_be_visible()
    declined = mailoutbox[-1]
    assert declined.to == ["stina.inlamnarsson@exempelverket.se"]
    assert "Statskontorets motivering:\n\nMaterialet finns redan hos oss." in declined.body


def test_error_summary_names_each_problem_and_takes_the_focus(page, tmp_path, assert_accessible):
    html = tmp_path / "guide.pdf"
    html.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    page.goto("/dela-material/")
    page.get_by_label("Filer (frivilligt)").set_input_files(str(html))
    page.get_by_role("button", name="Skicka in materialet").click()
    summary = page.get_by_role("alert", name=ERRORS)
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Licens: Välj under vilken licens materialet får delas.")
    ).to_be_visible()
    expect(
        summary.get_by_role("link", name=re.compile("guide.pdf: Filtypen tillåts inte"))
    ).to_be_visible()
    summary.get_by_role("link", name=re.compile("Materialets titel")).click()
    expect(page.get_by_role("textbox", name="Materialets titel")).to_be_focused()
    assert_accessible(page)


def test_the_form_works_without_javascript(browser, live_server, tmp_path, mailoutbox):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(example_pdf("a"))
    page.goto("/dela-material/")
    _fill_form(page, pdf)
    page.get_by_role("button", name="Skicka in materialet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack! Bekräfta med länken i mejlet")
    assert len(mailoutbox) == 1
    context.close()


def test_axe_finds_nothing_on_the_list_an_item_and_the_form(page, assert_accessible):
    item = make_material(is_example=True)
    make_material("Fallsamling om gåvor", kind="fallsamling")
    page.goto("/stodmaterial/")
    expect(page.get_by_role("link", name="Samtal om jäv")).to_be_visible()
    assert_accessible(page)
    page.goto("/stodmaterial/?typ=fallsamling")
    expect(page.get_by_text("1 material", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto(item.get_absolute_url())
    expect(page.get_by_text("Exempel", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto("/dela-material/")
    assert_accessible(page)
