"""GDPR: delete registrants' personal data on schedule; counts stay for statistics."""

import datetime as dt

from django.conf import settings
from django.db import transaction
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
        report[model._meta.label] = (needs, personal)
    return report
