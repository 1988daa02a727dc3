"""The worker's jobs (huey; `manage.py run_huey`, the Procfile's `worker:`): the outbox,
the scheduled mails, and the daily jobs that would otherwise need cron."""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY as huey
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from . import outbox

logger = logging.getLogger(__name__)


@db_task()
def deliver_mail(pk):
    outbox.deliver(pk)


@db_periodic_task(crontab(minute="*"))
def deliver_due_mail():
    """Every minute, the safety net: mails whose task was lost, or whose sender died
    mid-send. (Also enqueued by hand, below.)"""
    outbox.deliver_due()


@on_startup()
def catch_up():
    # A worker that starts (after a crash, a deploy) sends what is due at once, and
    # again once the claims of a worker that died mid-send have lapsed.
    from django.conf import settings

    deliver_due_mail()
    deliver_due_mail.schedule(delay=settings.OUTBOX_LEASE_SECONDS + 1)
    # And the scheduled mails that fell due while no worker ran.
    send_scheduled_mail()


@db_periodic_task(crontab(minute="*/5"))
def send_scheduled_mail():
    """Every five minutes: reminders before events and word of a published film after
    them, each at a time worked out from the event, each mail once (a marker per
    registration, registration/scheduled.py), so two workers may run this together."""
    from .registration import scheduled

    report = scheduled.send_scheduled_mail()
    if any(report.values()):
        logger.info("Schemalagda mejl köade: %s", report)


@db_periodic_task(crontab(hour="3", minute="20"))
def purge_personal_data():
    from material.purge import purge_submitter_data

    from .registration.purge import purge_personal_data as purge

    report = purge()
    report.update(purge_submitter_data())
    logger.info("Personuppgifter rensade: %s", report)


@db_periodic_task(crontab(hour="3", minute="40"))
def rebuild_search_index():
    """Every night, the index made afresh: a course's "Nästa tillfälle" moves on when an
    occasion has passed, and the vocabulary sheds the words of deleted content."""
    from . import search

    count = search.rebuild()
    logger.info("Sökindexet byggdes om: %s objekt", count)


__all__ = ["huey"]
