"""Personal data gone when it should be: at cancellation, on withdrawn consent, and
everywhere (admin's log, the database file and its WAL, a full dump) after the purge."""

import datetime as dt
import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from forvaltningskultur.mail import RedactedConsoleBackend
from forvaltningskultur.registration import services
from forvaltningskultur.registration.tokens import registrant_path
from tests.fresh import setting_in_a_fresh_process

from .conftest import post_signup

pytestmark = pytest.mark.django_db

NAME = "Gunhild Raderasdotter"


def test_cancelling_deletes_needs_and_diet_at_once(make_event, person):
    registration = services.register(make_event(), person(), send_mail=False).registration
    assert registration.dietary_needs == "Vegetarisk"
    services.cancel(registration, send_mail=False)
    registration.refresh_from_db()
    assert (registration.accessibility_needs, registration.dietary_needs) == ("", "")
    assert registration.needs_purged
    # Who cancelled stays until the purge.
    assert registration.name == "Anna Andersson"


def test_needs_are_kept_only_with_the_consent_box_ticked(client, make_event, person):
    event = make_event()
    response = post_signup(client, event, person(needs_consent=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kryssa i rutan om du vill att vi sparar uppgifterna om anpassning och kost" in page
    assert "Hörslinga" in page  # what they typed is still in the form
    assert not event.registrations.exists()
    # Without needs, no consent is asked for.
    response = post_signup(
        client, event, person(needs_consent="", accessibility_needs="", dietary_needs="")
    )
    assert response.status_code == 302
    assert event.registrations.count() == 1


def test_the_consent_box_is_not_ticked_beforehand(client, make_event):
    event = make_event()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Jag samtycker till att Statskontoret sparar mina uppgifter" in page
    (box,) = re.findall(r"<input[^>]*needs_consent[^>]*>", page)
    assert 'type="checkbox"' in box
    assert "checked" not in box


def test_registrant_withdraws_consent_from_their_page(client, make_event, person):
    registration = services.register(make_event(), person(), send_mail=False).registration
    page = client.get(registrant_path(registration)).content.decode()
    assert "Radera mina uppgifter om anpassning och kost" in page
    response = client.post(registrant_path(registration) + "radera-behov/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Uppgifterna om anpassning och kost är raderade." in page
    assert "Hörslinga" not in page
    registration.refresh_from_db()
    assert registration.dietary_needs == ""
    assert registration.status == "confirmed"  # the seat stays


def test_console_mail_keeps_links_and_needs_out_of_the_log(make_event, person):
    registration = services.register(make_event(), person(), send_mail=False).registration
    from forvaltningskultur.registration import emails

    message = emails.build_message(registration, emails.MailKind.CONFIRMED)
    stream = io.StringIO()
    RedactedConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert printed.startswith("Mejl skickat: ”Bekräftelse: ")
    for secret in (registrant_path(registration), "Hörslinga", "anna@myndighet.se", "Anna"):
        assert secret not in printed


def test_console_backend_is_the_redacted_one_by_default():
    assert (
        setting_in_a_fresh_process("EMAIL_BACKEND", DJANGO_DEBUG="on")
        == "forvaltningskultur.mail.RedactedConsoleBackend"
    )


# --- the purge leaves no copy ---------------------------------------------------


def _past_registration(make_event, person):
    start = timezone.now() + dt.timedelta(days=2)
    event = make_event(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    data = person("gunhild@raderas.se", name=NAME, organisation="Raderasverket")
    registration = services.register(event, data, send_mail=False).registration
    return event, registration, start


def _admin_logged(registration, user, flag, message):
    LogEntry.objects.log_actions(
        user.pk,
        [registration],
        flag,
        change_message=message,
        single_object=True,
    )


_SQLITE_DUMP = """
import sqlite3, sys
from pathlib import Path
name = Path(sys.argv[1])
files = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
connection = sqlite3.connect(name)
sys.stdout.buffer.write(files + "\\n".join(connection.iterdump()).encode())
connection.close()
"""


def _dump() -> bytes:
    """Everything the database holds: the files themselves on SQLite, pg_dump on PostgreSQL."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # Read in another process: closing any descriptor of the database file in this
        # one drops every POSIX lock SQLite holds on it here, and the next write of a
        # live server or worker then fails with "disk I/O error" for the rest of the run.
        return subprocess.run(
            [sys.executable, "-c", _SQLITE_DUMP, connection.settings_dict["NAME"]],
            capture_output=True,
            check=True,
        ).stdout
    env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [
            "pg_dump",
            "-h",
            db.get("HOST") or "127.0.0.1",
            "-p",
            str(db.get("PORT") or 5432),
            "-U",
            db.get("USER") or "postgres",
            connection.settings_dict["NAME"],
        ],
        capture_output=True,
        check=True,
        env=env,
    ).stdout


@pytest.mark.backend
@pytest.mark.django_db(transaction=True)
def test_a_purged_name_is_nowhere_in_the_database(make_event, person, django_user_model):
    event, registration, start = _past_registration(make_event, person)
    staff = django_user_model.objects.create_user("anm", is_staff=True)
    _admin_logged(registration, staff, CHANGE, f"Ändrade namnet till {NAME}")
    other = services.register(event, person("bort@x.se", name=NAME + " Två"), send_mail=False)
    _admin_logged(other.registration, staff, DELETION, "")
    deleted_pk = other.registration.pk
    other.registration.delete()
    assert NAME.encode() in _dump()  # the test can find the name where it is

    with time_machine.travel(start + dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 2)):
        call_command("purge_personal_data", stdout=io.StringIO())

    assert NAME.encode() not in _dump()
    assert b"gunhild@raderas.se" not in _dump()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(registration))
    )
    assert sorted(entries.values_list("object_repr", flat=True)) == sorted(
        [
            f"Anmälan {registration.pk} (uppgifter raderade)",
            f"Anmälan {deleted_pk} (uppgifter raderade)",
        ]
    )
    if connection.vendor == "sqlite":
        wal = Path(f"{connection.settings_dict['NAME']}-wal")
        assert wal.stat().st_size == 0  # the purge's checkpoint emptied it


def test_the_purge_does_not_touch_the_log_of_registrations_still_kept(
    make_event, person, django_user_model
):
    _event, registration, _start = _past_registration(make_event, person)
    staff = django_user_model.objects.create_user("anm", is_staff=True)
    _admin_logged(registration, staff, CHANGE, "Ändrade närvaro")
    call_command("purge_personal_data", stdout=io.StringIO())
    assert LogEntry.objects.get().object_repr == NAME


def test_no_mail_body_is_logged_when_sending_fails(make_event, person, caplog, settings):
    settings.EMAIL_BACKEND = "tests.registration.test_personal_data.FailingBackend"
    with caplog.at_level(logging.INFO):
        services.register(make_event(), person(), send_mail=True)
    assert "anna@myndighet.se" not in caplog.text
    assert "Hörslinga" not in caplog.text
    assert not mail.outbox


class FailingBackend(RedactedConsoleBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("anna@myndighet.se refused")


def test_the_privacy_page_states_the_consent_and_the_processors(client):
    call_command("seed_demo", stdout=io.StringIO())
    page = client.get("/personuppgifter/").content.decode()
    assert "uttryckliga samtycke (artikel 9.2 a" in page
    assert "ta tillbaka samtycket på din anmälningssida" in page
    assert "personuppgiftsbiträden" in page
    assert "leverantören av e-posttjänsten" in page
