"""The registrant's cancel page in a real browser, as they read it at a phone's width
and a desktop's, and what cancelling there does: the seat goes to the next in line."""

import re

import pytest
from playwright.sync_api import expect

from forvaltningskultur import dates
from forvaltningskultur.registration.tokens import registrant_path
from tests.registration.helpers import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_cancel_page_reads_as_sentences_and_gives_the_seat_on(
    make_event, page, assert_accessible, mailoutbox, width, tmp_path
):
    event = make_event(capacity=1)
    seated, waiting = sign_up(event, 2)
    mailoutbox.clear()
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(registrant_path(seated) + "avboka/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", name="Avboka din anmälan", level=1)).to_be_visible()
    when = dates.long_range(event.starts_at, event.ends_at)
    noun = str(event.event_noun).capitalize()
    expect(main).to_contain_text(f"Vill du avboka din anmälan till ”{event.event_title()}”?")
    expect(main.get_by_text(f"{noun} hålls {when}.")).to_be_visible()
    # Every sentence a person reads begins with a capital letter.
    for text in main.locator("p").all_inner_texts():
        starts = [text.lstrip()[:1], *re.findall(r"[.?!]\s+([^\W\d_])", text)]
        assert all(letter.isupper() for letter in starts), text
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"avboka-{width}.png"), full_page=True)

    page.get_by_role("button", name="Ja, avboka").click()
    expect(page.get_by_role("status")).to_contain_text("Du har avbokat din plats.")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[seated.email].startswith("Din anmälan är avbokad")
    assert subjects[waiting.email].startswith("Du har fått en plats")
