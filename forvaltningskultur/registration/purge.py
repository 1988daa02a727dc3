"""GDPR: delete registrants' personal data on schedule; counts stay for statistics.

Every copy goes: the rows, admin's log of changes to them, and (on SQLite) the old
pages in the write-ahead log and the free pages of the file (`secure_delete` zeroes
them, settings.py; a checkpoint empties the WAL here).
"""

import datetime as dt

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import RegistrationBase


def purge_personal_data(now=None) -> dict:
    """Dietary and accessibility details go once the event is over; everything personal
    goes `PERSONAL_DATA_RETENTION_DAYS` after it. Idempotent. Returns counts per model."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    report = {}
    for model in RegistrationBase.concrete_models():
        with transaction.atomic():
            needs = model.objects.filter(event__ends_at__lt=now, needs_purged=False).update(
                accessibility_needs="", dietary_needs="", needs_purged=True
            )
            personal = model.objects.filter(
                event__ends_at__lt=cutoff, personal_data_purged=False
            ).update(
                name="",
                email="",
                organisation="",
                role="",
                accessibility_needs="",
                dietary_needs="",
                needs_purged=True,
                personal_data_purged=True,
            )
            _scrub_admin_log(model)
        report[model._meta.label] = (needs, personal)
    _purge_outbox(now, cutoff)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Write the WAL back into the (zeroing) file and empty it; inside a caller's
        # transaction that cannot be done, and the caller's commit writes the WAL anew.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return report


def _scrub_admin_log(model):
    """Admin's log names a registration by its person (`object_repr`) and may quote it in
    its message. Once that person's data is purged, or the row deleted, the log keeps
    only the number: "Anmälan 12 (uppgifter raderade)"."""
    kept = (
        model.objects.filter(personal_data_purged=False)
        .annotate(key=Cast("pk", models.TextField()))
        .values("key")
    )
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).exclude(
        object_id__in=kept
    ).update(
        object_repr=Concat(
            models.Value("Anmälan "),
            "object_id",
            models.Value(" (uppgifter raderade)"),
            output_field=models.CharField(),
        ),
        change_message="",
    )


def _purge_outbox(now, cutoff):
    """Mails that have gone keep their address a day (for questions about delivery);
    every mail goes at the retention cutoff, failed ones too."""
    from forvaltningskultur.models import OutgoingMail

    OutgoingMail.objects.filter(
        models.Q(created_at__lt=cutoff)
        | models.Q(status=OutgoingMail.Status.SENT, sent_at__lt=now - dt.timedelta(days=1))
    ).delete()
