"""A message to those signed up: a preview with the number of recipients, then one mail
each through the outbox with the registrant's own link, logged on the event."""

import re

import pytest
from django.test import Client

from forvaltningskultur import roles
from forvaltningskultur.models import OutgoingMail, RegistrantMessage
from forvaltningskultur.registration import services
from forvaltningskultur.registration.staff import staff_url
from forvaltningskultur.registration.tokens import registrant_url

from .staff_helpers import logged_in_context, role_user, visible_text

pytestmark = pytest.mark.django_db

TEXT = {"subject": "Ny lokal på onsdag", "body": "Vi ses i lokal Ljuset i stället."}


def _event(make_event):
    """Three with a seat, two waiting, one cancelled."""
    event = make_event(capacity=3)
    for i in range(6):
        data = {"name": f"Person {i}", "email": f"p{i}@x.se", "organisation": "Myndigheten"}
        services.register(event, data, send_mail=False)
    services.cancel(event.registrations.get(email="p5@x.se"), send_mail=False)
    return event


@pytest.fixture
def staff(django_user_model):
    user = role_user(django_user_model, roles.REGISTRATIONS)
    user.first_name, user.last_name = "Stina", "Staff"
    user.save()
    client = Client()
    client.force_login(user)
    return client


def _digest(response):
    return re.search(r'name="previewed" value="([0-9a-f]+)"', response.content.decode()).group(1)


def test_preview_counts_the_chosen_groups(staff, make_event, mailoutbox):
    event = _event(make_event)
    url = staff_url("message", event)
    seated = visible_text(staff.post(url, {**TEXT, "statuses": ["confirmed"]}))
    assert "Meddelandet går till 3 personer." in seated
    assert "Vi ses i lokal Ljuset i stället." in seated
    assert "[mottagarens egen länk]" in seated
    waiting = visible_text(staff.post(url, {**TEXT, "statuses": ["waitlist"]}))
    assert "Meddelandet går till 2 personer." in waiting
    both = visible_text(staff.post(url, {**TEXT, "statuses": ["confirmed", "waitlist"]}))
    assert "Meddelandet går till 5 personer." in both and "Skicka till 5 personer" in both
    none = visible_text(staff.post(url, TEXT))
    assert "Välj minst en grupp att skicka till." in none
    assert mailoutbox == [] and not RegistrantMessage.objects.exists()


def test_send_through_the_outbox_with_each_link_and_log_it(staff, make_event, mailoutbox):
    event = _event(make_event)
    url = staff_url("message", event)
    data = {**TEXT, "statuses": ["confirmed", "waitlist"]}
    preview = staff.post(url, data)
    # Changed after the preview: not sent, previewed again.
    changed = staff.post(
        url, {**data, "body": "Annan text", "send": "1", "previewed": _digest(preview)}
    )
    assert "Meddelandet går till 5 personer." in visible_text(changed)
    assert mailoutbox == []

    response = staff.post(url, {**data, "send": "1", "previewed": _digest(preview)}, follow=True)
    page = visible_text(response)
    assert "Meddelandet ligger i kön till 5 personer och skickas strax." in page
    assert OutgoingMail.objects.filter(subject="Ny lokal på onsdag").count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == [f"p{i}@x.se" for i in range(5)]
    for message in mailoutbox:
        registration = event.registrations.get(email=message.to[0])
        assert message.subject == "Ny lokal på onsdag"
        assert "Vi ses i lokal Ljuset i stället." in message.body
        assert registrant_url(registration) in message.body
    (log,) = RegistrantMessage.objects.for_event(event)
    assert (log.recipient_count, log.sent_by_name, log.subject) == (
        5,
        "Stina Staff",
        TEXT["subject"],
    )
    assert log.event == event
    # The log on the page: who sent what to how many.
    assert "Skickade meddelanden" in page
    assert "Stina Staff" in page and "Ny lokal på onsdag" in page
    assert "anmälda med plats, väntelistan" in page


@pytest.mark.browser
def test_message_page_in_a_browser(browser, live_server, make_event, django_user_model,
                                   assert_accessible, tmp_path):  # fmt: skip
    event = _event(make_event)
    user = role_user(django_user_model, roles.REGISTRATIONS)
    for width in (390, 1280):
        context = logged_in_context(
            browser, live_server, user, viewport={"width": width, "height": 900}
        )
        try:
            page = context.new_page()
            page.goto(staff_url("message", event))
            assert page.get_by_role("heading", name="Meddelande till anmälda", level=1).is_visible()
            page.get_by_role("textbox", name="Ämne").fill(TEXT["subject"])
            page.get_by_role("textbox", name="Text").fill(TEXT["body"])
            page.get_by_role("checkbox", name="Väntelistan").check()
            assert_accessible(page)
            page.get_by_role("button", name="Förhandsgranska").click()
            assert page.get_by_text("Meddelandet går till 5 personer.").is_visible()
            assert_accessible(page)
            page.screenshot(path=str(tmp_path / f"meddelande-{width}.png"), full_page=True)
        finally:
            context.close()
