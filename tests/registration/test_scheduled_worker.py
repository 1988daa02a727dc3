"""The scheduled mails sent by real worker processes (`manage.py run_huey`, its clock
moved with time-machine) through a real SMTP server (aiosmtpd): the reminder and the
film mail arrive once each, with two workers running the job at once, nothing after
the purge, and a later run sends only what has newly fallen due."""

import datetime as dt
import email
import time
from email import policy
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from forvaltningskultur.models import OutgoingMail
from forvaltningskultur.registration import services
from forvaltningskultur.registration.purge import purge_personal_data
from tests.registration.helpers import sign_up
from tests.registration.test_outbox_worker import (
    Inbox,
    _free_port,
    _start_worker,
    _stop,
    _wait_for,
)
from tests.seminars.factories import make_film, make_seminar

# Real worker processes open the test database beside this process. On SQLite, after a
# live server and the purge's WAL checkpoint earlier in the same process, that database
# was seen to fail with "disk I/O error" for every later test: `make test` runs this
# file in a process of its own (marker solo), on each database.
pytestmark = [pytest.mark.solo, pytest.mark.backend, pytest.mark.django_db(transaction=True)]

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The worker with its clock moved: time-machine starts before Django does, and the
# clock ticks on from there.
CLOCKED_WORKER = """
import datetime, runpy, sys, time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv[1]), tick=True).start()
sys.argv = ["manage.py", "run_huey"]
runpy.run_path("manage.py", run_name="__main__")
"""


def _clocked_worker(at, smtp_port, log):
    return _start_worker(smtp_port, log, ("-c", CLOCKED_WORKER, at.isoformat()))


def _run_workers(at, port, log, *, count, expect_sent):
    workers = [_clocked_worker(at, port, log) for _ in range(count)]
    try:
        _wait_for(
            lambda: OutgoingMail.objects.filter(status="sent").count() >= expect_sent,
            60,
            f"{expect_sent} mails sent",
        )
        time.sleep(4)  # a second copy would have gone by now
    finally:
        for worker in workers:
            _stop(worker)


def _text(content: bytes) -> str:
    message = email.message_from_bytes(content, policy=policy.default)
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_reminder_and_film_mail_once_each_from_real_workers(tmp_path):
    # Wednesday 10 March 2027, 13.00: reminded on Monday 8 March at 13.00.
    start = dt.datetime(2027, 3, 10, 13, 0, tzinfo=STOCKHOLM)
    seminar = make_seminar(
        title="Etik i vardagen",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue="Statskontoret, lokal Ljuset",
        address="Fleminggatan 20, Stockholm",
        capacity=2,
    )
    seated, leaving, waiting = sign_up(seminar, 3)
    services.cancel(leaving, send_mail=False)  # `waiting` gets the seat
    # Over a week ago; its film comes out this morning.
    filmed = make_seminar(
        title="Visselblåsare i staten",
        starts_at=start - dt.timedelta(days=9),
        ends_at=start - dt.timedelta(days=9, hours=-2),
        capacity=1,
        sends_reminder=False,
    )
    watched, queued, cancelled = sign_up(filmed, 3, start=10)
    services.cancel(cancelled, send_mail=False)
    make_film(filmed, title="Hela seminariet", publish_at=start - dt.timedelta(days=2, hours=4))
    # Long over, its personal data purged before its film came out: no one to tell.
    purged = make_seminar(
        title="Jäv och opartiskhet",
        starts_at=start - dt.timedelta(days=60),
        ends_at=start - dt.timedelta(days=60, hours=-2),
        sends_reminder=False,
    )
    sign_up(purged, 2, start=20)
    make_film(purged, publish_at=start - dt.timedelta(days=2, hours=4))
    monday = start - dt.timedelta(days=2) + dt.timedelta(minutes=5)
    purge_personal_data(now=monday)
    assert not purged.registrations.exclude(email="").exists()

    port = _free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with open(tmp_path / "worker.log", "w") as log:
            # Monday 13.05: two workers start together, and each runs the job at once.
            _run_workers(monday, port, log, count=2, expect_sent=4)
            first_run = list(inbox.messages)

            # Another seminar, on Thursday: reminded on Tuesday.
            thursday = start + dt.timedelta(days=1)
            later = make_seminar(
                starts_at=thursday, ends_at=thursday + dt.timedelta(hours=1), venue="Online"
            )
            (newcomer,) = sign_up(later, 1, start=30)
            # Tuesday 13.05: a second run, with everything above still due.
            _run_workers(monday + dt.timedelta(days=1), port, log, count=1, expect_sent=5)
    finally:
        controller.stop()

    recipients = sorted(rcpt for rcpts, _content in first_run for rcpt in rcpts)
    assert recipients == sorted([seated.email, waiting.email, watched.email, queued.email])
    assert [rcpts for rcpts, _content in inbox.messages[4:]] == [(newcomer.email,)]
    assert OutgoingMail.objects.count() == 5

    by_recipient = {rcpts[0]: _text(content) for rcpts, content in inbox.messages}
    reminder = by_recipient[seated.email].replace("\u00a0", " ").replace("\u2060", "")
    print(reminder)  # read as a person would (pytest -s)
    assert "Tid: onsdagen den 10 mars 2027 kl. 13.00–15.00" in reminder
    assert "Plats: Statskontoret, lokal Ljuset\nAdress: Fleminggatan 20, Stockholm" in reminder
    assert "http://testserver/anmalan/" in reminder
    film = by_recipient[queued.email]
    print(film)
    assert "Nu finns filmen från seminariet på webbplatsen" in film
    assert "Hela seminariet: http://testserver/seminarier/" in film

    log_text = (tmp_path / "worker.log").read_text()
    assert "Traceback" not in log_text
    assert seated.email not in log_text
