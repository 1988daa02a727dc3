"""The sign-up form through the event's page, and the registrant's own page."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from forvaltningskultur.registration import services
from forvaltningskultur.registration.tokens import registrant_path

from .conftest import field_id, post_signup

pytestmark = pytest.mark.django_db


def test_a_new_registrant_lands_on_their_own_page_with_the_outcome(
    client, make_event, person, mailoutbox
):
    event = make_event(capacity=1)
    response = post_signup(client, event, person())
    assert response.status_code == 302
    assert "anna" not in response.url and "myndighet" not in response.url
    page = client.get(response.url).content.decode()
    assert "Tack för din anmälan!" in page
    assert "Du har fått en plats." in page
    assert "Vi skickar en bekräftelse till <strong>anna@myndighet.se</strong>" in page
    assert "Spara den här sidan" in page
    assert event.registrations.count() == 1
    assert len(mailoutbox) == 1
    # The next one gets the queue, and is told their place in it.
    response = post_signup(client, event, person("bo@myndighet.se"))
    page = client.get(response.url).content.decode()
    assert "du står som nummer 1 på väntelistan" in page


def test_the_same_address_again_is_told_it_is_signed_up_and_sees_nothing_of_it(
    client, make_event, person, mailoutbox
):
    event = make_event()
    post_signup(client, event, person())
    again = post_signup(client, event, person(name="Någon Annan"))
    assert again.status_code == 302
    assert again.url.startswith(event.get_absolute_url().partition("#")[0])
    page = client.get(again.url).content.decode()
    assert "Den e-postadressen är redan anmäld." in page
    assert "Anna Andersson" not in page and "Hörslinga" not in page
    assert event.registrations.count() == 1
    assert len(mailoutbox) == 2  # the link went to the address again
    assert mailoutbox[1].to == ["anna@myndighet.se"]


def test_a_mistyped_address_is_corrected_on_the_registrants_page(
    client, make_event, person, mailoutbox
):
    event = make_event()
    response = post_signup(client, event, person("anna@myndihet.se"))
    own_page = response.url.partition("?")[0]
    bad = client.post(own_page + "epost/", {"email": "inte en adress"})
    assert bad.status_code == 400
    assert "Skriv e-postadressen i formatet namn@myndighet.se." in bad.content.decode()
    response = client.post(own_page + "epost/", {"email": "anna@myndighet.se"})
    page = client.get(response.url).content.decode()
    assert "E-postadressen är ändrad." in page
    assert event.registrations.get().email == "anna@myndighet.se"
    assert mailoutbox[-1].to == ["anna@myndighet.se"]


def test_empty_submission_shows_error_summary_linking_to_fields(client, make_event):
    event = make_event()
    response = post_signup(client, event, {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Det finns fel i formuläret" in html
    assert f'href="#{field_id(event, "name")}"' in html and "Skriv ditt namn." in html
    assert f'href="#{field_id(event, "email")}"' in html
    assert f'href="#{field_id(event, "organisation")}"' in html
    assert 'tabindex="-1"' in html and "autofocus" in html
    assert event.registrations.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "A" * 201, "Skriv högst 200 tecken (du skrev 201)."),
        ("organisation", "O" * 300, "Skriv högst 200 tecken (du skrev 300)."),
        ("accessibility_needs", "x" * 1001, "Skriv högst 1000 tecken"),
        ("email", "inte-en-adress", "Skriv e-postadressen i formatet namn@myndighet.se."),
        ("email", "a@" + "b" * 260 + ".se", "Skriv högst 254 tecken"),
        ("name", "Anna\r\nBcc: x@y.se", "Ta bort radbrytningar"),
    ],
)
def test_bad_input_gets_a_swedish_message_and_saves_nothing(
    client, make_event, person, field, value, message
):
    event = make_event()
    response = post_signup(client, event, person(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert event.registrations.count() == 0
    assert mail.outbox == []


def test_values_are_kept_on_error(client, make_event, person):
    event = make_event()
    response = post_signup(client, event, person(email="fel"))
    assert 'value="Exempelmyndigheten"' in response.content.decode()


def test_script_in_name_is_escaped_on_the_page_and_in_the_mail(
    client, make_event, person, mailoutbox
):
    event = make_event()
    name = '<script>alert("x")</script>'
    post_signup(client, event, person(name=name))
    registration = event.registrations.get()
    assert registration.name == name
    page = client.get(registrant_path(registration)).content.decode()
    assert name not in page and "&lt;script&gt;" in page
    # The mail greets by first name, and this name has none to tell: no tag in either part.
    html_body = mailoutbox[0].alternatives[0][0]
    assert "<script" not in html_body and "<script" not in mailoutbox[0].body
    assert "Hej!" in mailoutbox[0].body


def test_honeypot_pretends_success_and_saves_nothing(client, make_event, person, mailoutbox):
    event = make_event()
    response = post_signup(client, event, person(website="http://spam.example"))
    assert response.status_code == 302
    assert event.registrations.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"is_cancelled": True}, "Evenemanget är inställt. Det går inte att anmäla sig."),
        ({"signup_closes_at": timezone.now() - dt.timedelta(minutes=1)}, "Anmälan är stängd."),
    ],
    ids=["cancelled", "closed"],
)
def test_closed_or_cancelled_event_refuses_in_swedish(
    client, make_event, person, overrides, message
):
    event = make_event(**overrides)
    response = post_signup(client, event, person())
    assert response.status_code == 409
    assert message in response.content.decode()
    assert event.registrations.count() == 0


def test_past_and_unpublished_events_are_404(client, make_event, person):
    past = make_event(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-1),
    )
    draft = make_event(published=False)
    for event in (past, draft):
        assert post_signup(client, event, person()).status_code == 404
        assert event.registrations.count() == 0


@override_settings(REGISTRATION_RATE_LIMITS={"email": (2, 3600), "ip": (1000, 3600)})
def test_rate_limit_per_address(client, make_event, person):
    events = [make_event() for _ in range(3)]
    codes = [post_signup(client, e, person()).status_code for e in events]
    assert codes == [302, 302, 429]
    assert "Vänta en stund" in post_signup(client, events[2], person()).content.decode()


@override_settings(REGISTRATION_RATE_LIMITS={"email": (100, 3600), "ip": (20, 3600)})
def test_twenty_colleagues_behind_one_address_all_get_in(client, make_event, person):
    event = make_event()
    codes = [
        post_signup(client, event, person(f"kollega{i}@myndighet.se")).status_code
        for i in range(20)
    ]
    assert set(codes) == {302}
    assert post_signup(client, event, person("en-till@myndighet.se")).status_code == 429


def test_registrant_page_shows_the_signup_and_is_private(client, make_event, person):
    event = make_event()
    registration = services.register(event, person(), send_mail=False).registration
    response = client.get(registrant_path(registration))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Andersson" in html and "Du har en plats" in html
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert "anna" not in registrant_path(registration).lower()


def test_joining_link_only_for_registrants(client, make_event, person):
    event = make_event(is_online=True, venue="", online_url="https://meet.example.se/hemlig")
    assert "meet.example.se/hemlig" not in client.get(event.get_absolute_url()).content.decode()
    registration = services.register(event, person(), send_mail=False).registration
    assert "meet.example.se/hemlig" in client.get(registrant_path(registration)).content.decode()


@pytest.mark.parametrize("mangle", ["swap_signature", "other_token", "garbage"])
def test_tampered_token_is_404(client, make_event, person, mangle):
    event = make_event()
    registration = services.register(event, person(), send_mail=False).registration
    token, signature = registrant_path(registration).strip("/").split("/")[1].split(".")
    bad = {
        "swap_signature": f"{token}.{signature[::-1]}",
        "other_token": f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}.{signature}",
        "garbage": "<script>",
    }[mangle]
    assert client.get(f"/anmalan/{bad}/").status_code == 404
    assert client.post(f"/anmalan/{bad}/avboka/").status_code == 404


def test_cancel_needs_post_and_confirmation(client, make_event, person):
    event = make_event(capacity=1)
    seated = services.register(event, person("a@x.se"), send_mail=False).registration
    waiting = services.register(event, person("b@x.se"), send_mail=False).registration
    cancel_url = registrant_path(seated) + "avboka/"
    confirm = client.get(cancel_url)
    assert "Vill du avboka" in confirm.content.decode()
    seated.refresh_from_db()
    assert seated.status == "confirmed"  # a GET (or a mail scanner) cancels nothing
    response = client.post(cancel_url)
    assert response.status_code == 302
    assert "Du har avbokat din plats." in client.get(response.url).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # Posting again (double submit) is harmless.
    assert client.post(cancel_url).status_code == 302
    assert event.registrations.filter(status="confirmed").count() == 1
