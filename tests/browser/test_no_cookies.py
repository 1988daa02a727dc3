"""Visitors get no cookie and no browser storage, on any public page or form, and a form
sent from another site is refused with the Swedish page (forvaltningskultur/crossorigin.py).

Adding a page to the sitemap adds it to these checks.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTHING_STORED_JS = "() => localStorage.length == 0 && sessionStorage.length == 0"


def assert_nothing_stored(page, where):
    assert page.context.cookies() == [], f"{where}: {page.context.cookies()}"
    assert page.evaluate(NOTHING_STORED_JS), f"{where}: something in localStorage/sessionStorage"


def open_signup_form(page, sitemap_paths):
    """The first seminar page in the sitemap with an open sign-up form."""
    for path in sitemap_paths:
        if path.startswith("/seminarier/") and path.count("/") == 3:
            page.goto(path)
            if page.get_by_role("button", name="Anmäl mig", exact=True).count():
                return path
    pytest.fail("no seminar in the sitemap has an open sign-up form")


def test_no_cookie_and_no_storage_on_any_page_or_public_form(page, sitemap_paths, mailoutbox):
    # Every page in the sitemap.
    for path in sitemap_paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_nothing_stored(page, path)

    # One seminar with its sign-up form open.
    path = open_signup_form(page, sitemap_paths)
    form = page.get_by_role("region", name="Anmälan", exact=True)
    expect(form.get_by_role("textbox", name=re.compile(r"^Namn"))).to_be_visible()
    assert_nothing_stored(page, f"{path} with its form")

    # Signing up through the form.
    form.get_by_role("textbox", name=re.compile(r"^Namn")).fill("Kim Kakfri")
    form.get_by_role("textbox", name=re.compile(r"^E-postadress")).fill("kim.kakfri@myndighet.se")
    form.get_by_role("textbox", name=re.compile(r"^Organisation")).fill("Kakverket")
    form.get_by_role("textbox", name="Behov av anpassning (frivilligt)").fill("Hörslinga")
    form.get_by_role(
        "checkbox", name=re.compile(r"^Jag samtycker till att Statskontoret sparar")
    ).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Anmäl mig", exact=True).click()
    thanks = page.get_by_role("status")
    expect(thanks).to_contain_text("Tack för din anmälan!")
    expect(thanks).to_contain_text("kim.kakfri@myndighet.se")
    expect(page.get_by_role("heading", name="Din anmälan", level=1)).to_be_visible()
    assert mailoutbox and mailoutbox[-1].to == ["kim.kakfri@myndighet.se"]
    assert_nothing_stored(page, "after the sign-up")

    # The registrant's own forms: the address, the needs, the cancellation.
    page.get_by_role("textbox", name="Rätta din e-postadress").fill("kim.k@myndighet.se")
    page.get_by_role("button", name="Spara och skicka bekräftelsen igen").click()
    expect(page.get_by_role("status")).to_contain_text("E-postadressen är ändrad.")
    assert_nothing_stored(page, "after changing the address")
    page.get_by_role("button", name="Radera mina uppgifter om anpassning och kost").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Uppgifterna om anpassning och kost är raderade."
    )
    assert_nothing_stored(page, "after withdrawing consent")
    page.get_by_role("link", name="Avboka min anmälan").click()
    page.get_by_role("button", name="Ja, avboka").click()
    expect(page.get_by_role("status")).to_contain_text("Du har avbokat din plats.")
    assert_nothing_stored(page, "after cancelling")


def test_a_sign_up_form_on_another_site_is_refused(
    page, live_server, sitemap_paths, assert_accessible
):
    from seminars.models import Seminar

    path = open_signup_form(page, sitemap_paths)
    # Hidden fields have no role or name (no one sees them); the forged form copies them.
    fields = page.locator("form.signup-form input[type=hidden]").evaluate_all(
        "inputs => inputs.map(i => [i.name, i.value])"
    )
    seminar = Seminar.objects.get(slug=path.strip("/").split("/")[-1])
    before = seminar.registrations.count()
    hidden = "".join(f'<input type="hidden" name="{n}" value="{v}">' for n, v in fields)
    prefix = next(n for n, _v in fields if n.endswith("started")).removesuffix("started")
    evil = f"""<!DOCTYPE html><html lang="en"><title>Win a prize</title>
    <form method="post" action="{live_server.url}{path}">{hidden}
      <input name="{prefix}name" value="Eva Falsk"><input name="{prefix}email" value="eva@example.se">
      <input name="{prefix}organisation" value="Falskverket"><button>Claim your prize</button>
    </form></html>"""
    page.route(
        "http://evil.example/**", lambda route: route.fulfill(body=evil, content_type="text/html")
    )
    page.goto("http://evil.example/prize")
    with page.expect_navigation():
        page.get_by_role("button", name="Claim your prize").click()
    expect(page.get_by_role("heading", name="Formuläret togs inte emot", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Formuläret skickades från en annan webbplats än den här, och därför tog vi inte emot det."
    )
    expect(page.get_by_role("main")).to_contain_text("Ingenting har sparats eller ändrats.")
    assert seminar.registrations.count() == before
    assert page.context.cookies() == []
    assert_accessible(page)
    page.get_by_role("link", name="Till sidan med formuläret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seminar.title)
    signup = page.get_by_role("region", name="Anmälan", exact=True)
    expect(signup.get_by_role("button", name="Anmäl mig", exact=True)).to_be_visible()
