"""The outbox with a real worker process (`manage.py run_huey`) and a real SMTP server
(aiosmtpd): a mail server that is down, then up; a worker killed while sending. Every
mail arrives once, none twice."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from forvaltningskultur import outbox
from forvaltningskultur.models import OutgoingMail
from forvaltningskultur.registration import services
from tests.seminars.factories import make_seminar

ROOT = Path(settings.BASE_DIR)
pytestmark = [pytest.mark.backend, pytest.mark.django_db(transaction=True)]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An SMTP server's handler: what was delivered; optionally stalls the first RCPT."""

    def __init__(self, stall_first=0.0):
        self.messages = []
        self.stall_first = stall_first
        self.stalling = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall_first and not self.stalling.is_set():
            self.stalling.set()
            await asyncio.sleep(self.stall_first)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _start_worker(smtp_port, log, command=("manage.py", "run_huey")):
    """A real worker process (`command`, run by this Python) on the test database,
    sending to the SMTP server on `smtp_port`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "EMAIL_"))
    }
    env.update(
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_DEBUG="on",
        DATABASE_URL=_database_url(),
        DJANGO_TASKS_IMMEDIATE="off",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        EMAIL_TIMEOUT="2",
        OUTBOX_RETRY_SECONDS="1",
        OUTBOX_LEASE_SECONDS="3",
    )
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)


def _wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _sign_up(n, monkeypatch):
    """n sign-ups; their mails wait in the outbox for the worker (none sent here)."""
    monkeypatch.setattr(outbox, "dispatch", lambda pk: None)
    event = make_seminar(capacity=50)
    return [
        services.register(
            event, {"name": f"Person {i}", "email": f"p{i}@myndighet.se", "organisation": "M"}
        ).registration
        for i in range(n)
    ]


def test_mail_server_down_then_up_every_mail_arrives_once(monkeypatch, tmp_path):
    registrations = _sign_up(5, monkeypatch)
    port = _free_port()
    with open(tmp_path / "worker.log", "w") as log:
        worker = _start_worker(port, log)
        try:
            # Down: every mail is tried and waits for its next try; none is lost.
            _wait_for(
                lambda: OutgoingMail.objects.filter(attempts__gte=2).count() == 5,
                30,
                "two failed tries of every mail",
            )
            assert not OutgoingMail.objects.filter(status="sent").exists()
            inbox = Inbox()
            controller = Controller(inbox, hostname="127.0.0.1", port=port)
            controller.start()
            try:
                _wait_for(
                    lambda: OutgoingMail.objects.filter(status="sent").count() == 5,
                    60,
                    "every mail sent once the server answers",
                )
                time.sleep(3)  # a double delivery would have happened by now
            finally:
                controller.stop()
        finally:
            _stop(worker)
    recipients = sorted(rcpt for rcpts, _content in inbox.messages for rcpt in rcpts)
    assert recipients == sorted(r.email for r in registrations)
    for registration in registrations:
        registration.refresh_from_db()
        assert registration.mail_status == "sent"
    log_text = (tmp_path / "worker.log").read_text()
    assert "p0@myndighet.se" not in log_text  # the log names mails by number only


def test_a_worker_killed_mid_send_leaves_no_mail_lost_or_doubled(monkeypatch, tmp_path):
    (registration,) = _sign_up(1, monkeypatch)
    port = _free_port()
    inbox = Inbox(stall_first=8)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with open(tmp_path / "worker.log", "w") as log:
            first = _start_worker(port, log)
            try:
                assert inbox.stalling.wait(30), "the worker never reached the mail server"
                os.killpg(first.pid, signal.SIGKILL)  # mid-send: the mail is claimed
                first.wait(timeout=10)
            finally:
                _stop(first)
            assert OutgoingMail.objects.get().status == "sending"
            second = _start_worker(port, log)
            try:
                _wait_for(
                    lambda: OutgoingMail.objects.filter(status="sent").count() == 1,
                    40,
                    "the mail sent by the next worker",
                )
                time.sleep(9)  # past the stalled first attempt's end
            finally:
                _stop(second)
    finally:
        controller.stop()
    assert [rcpts for rcpts, _content in inbox.messages] == [(registration.email,)]
