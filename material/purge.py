"""GDPR: the submitter's name and e-mail go `MATERIAL_SUBMITTER_RETENTION_DAYS` after the
editor's decision; a submission never confirmed goes whole after a week (with its
files). Every copy goes: the row's fields, the editors' messages in its log (which may
greet the person by name), the mails to the address still in the outbox, and admin's
log lines. Submission keeps no revision history, so there are no historical copies.
Called by the daily purge (registration/purge.py's caller, tasks.py, and the
`purge_personal_data` command)."""

import datetime as dt

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from .models import IncomingSubmission, Resource, Submission, SubmissionFile, SubmissionStatus

UNCONFIRMED_DAYS = 7
DECIDED = (SubmissionStatus.PUBLISHED, SubmissionStatus.DECLINED)


def purge_submitter_data(now=None) -> dict:
    with transaction.atomic():
        report = _purge(now or timezone.now())
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # As registration/purge.py: the WAL written back into the (zeroing) file, emptied.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return report


def _purge(now) -> dict:
    from forvaltningskultur.models import OutgoingMail

    cutoff = now - dt.timedelta(days=settings.MATERIAL_SUBMITTER_RETENTION_DAYS)
    due = Submission.objects.filter(
        status__in=DECIDED, decided_at__lt=cutoff, personal_data_purged=False
    )
    purged = 0
    for submission in due:
        if submission.submitter_email:
            OutgoingMail.objects.filter(recipient__iexact=submission.submitter_email).delete()
        submission.events.update(message="")
        purged += Submission.objects.filter(pk=submission.pk).update(
            submitter_name="", submitter_email="", personal_data_purged=True
        )
    stale = Submission.objects.filter(
        status=SubmissionStatus.UNCONFIRMED,
        created_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS),
    )
    deleted = 0
    for submission in stale:
        if submission.submitter_email:
            OutgoingMail.objects.filter(recipient__iexact=submission.submitter_email).delete()
        for stored in submission.files.all():
            _delete_unless_published(stored)
        submission.delete()
        deleted += 1
    _scrub_admin_log()
    return {"material.Submission": (purged, deleted)}


def _delete_unless_published(stored: SubmissionFile):
    if not Resource.objects.filter(file=stored.file.name).exists():
        stored.file.delete(save=False)


def _scrub_admin_log():
    """Admin's change messages name the fields changed, and could quote a value; once the
    submitter's data is gone, the lines about it keep only that a change was made."""
    types = [
        ContentType.objects.get_for_model(model, for_concrete_model=False)
        for model in (Submission, IncomingSubmission)
    ]
    kept = [
        str(pk)
        for pk in Submission.objects.filter(personal_data_purged=False).values_list("pk", flat=True)
    ]
    LogEntry.objects.filter(content_type__in=types).exclude(object_id__in=kept).update(
        change_message=""
    )
