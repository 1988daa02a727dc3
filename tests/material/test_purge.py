"""The submitter's name and e-mail are gone after the retention period, from the rows,
the log, the outbox and admin's log: nowhere in a database dump (dumpdata, and the
database's own files on SQLite or pg_dump on PostgreSQL)."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.utils import timezone

from material import services
from material.models import Submission
from tests.registration.test_personal_data import _dump

from .factories import form_data, make_editor, pdf_upload

NAME = "Gunvor Raderasdotter"
EMAIL = "gunvor.raderasdotter@raderasverket.se"


def _submission(**changes):
    data = form_data(**{"submitter_name": NAME, "submitter_email": EMAIL, **changes})
    data.update(agency=None, year=2025, links=[], themes=[], may_share=True)
    submission, _token = services.submit(data, [pdf_upload()])
    services.confirm(submission)
    return submission


def _dumpdata() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


@pytest.mark.backend
@pytest.mark.django_db(transaction=True)
def test_the_submitter_is_nowhere_in_a_dump_after_the_retention(settings, django_user_model):
    settings.MATERIAL_SUBMITTER_RETENTION_DAYS = 90
    editor = make_editor(django_user_model)
    submission = _submission()
    services.ask(submission, f"Hej {NAME}! Får vi korta beskrivningen?", editor)
    services.publish(submission, f"Tack {NAME}!", editor)
    LogEntry.objects.log_actions(
        editor.pk, [submission], CHANGE, change_message=f"Ändrade e-post till {EMAIL}",
        single_object=True,
    )  # fmt: skip
    declined = _submission(title="Avböjt bidrag")
    services.decline(declined, "Passar inte.", editor)
    kept = _submission(
        title="Väntar fortfarande",
        submitter_name="Kvar Kvarsson",
        submitter_email="kvar@raderasverket.se",
    )
    # The test finds the data where it is.
    assert NAME in _dumpdata() and EMAIL in _dumpdata()
    assert EMAIL.encode() in _dump()

    decided = timezone.now()
    with time_machine.travel(decided + dt.timedelta(days=89)):
        call_command("purge_personal_data", stdout=io.StringIO())
    assert Submission.objects.get(pk=submission.pk).submitter_email == EMAIL  # not yet

    out = io.StringIO()
    with time_machine.travel(decided + dt.timedelta(days=91)):
        call_command("purge_personal_data", stdout=out)
    assert "inlämnarens namn och e-post raderade i 2 bidrag" in out.getvalue()
    dumped = _dumpdata()
    assert NAME not in dumped and EMAIL not in dumped
    assert NAME.encode() not in _dump() and EMAIL.encode() not in _dump()
    # Still waiting for a decision: kept. Published material stays published.
    assert Submission.objects.get(pk=kept.pk).submitter_email == "kvar@raderasverket.se"
    assert Submission.objects.get(pk=submission.pk).material.is_published


@pytest.mark.django_db
def test_an_unconfirmed_submission_goes_whole_after_a_week():
    data = form_data()
    data.update(agency=None, year=2025, links=[], themes=[], may_share=True)
    submission, _token = services.submit(data, [pdf_upload()])
    path = submission.files.get().file.path
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        call_command("purge_personal_data", stdout=io.StringIO())
    assert not Submission.objects.exists()
    import os

    assert not os.path.exists(path)
