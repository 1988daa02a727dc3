"""The worker's scheduled mails: a reminder before the event, word of the film after it.

`send_scheduled_mail()` runs from the worker's schedule (tasks.py, every five minutes
and when a worker starts); when each mail is due is worked out from the events, so
there is no cron and nothing to schedule per event.

- Reminder: to those with a seat, at the event's reminder time (two working days
  before the start unless staff set another, `RegistrableEvent.reminder_time`), with
  time, place or joining link, and their own link to cancel (which gives the seat to
  the next in line). Not for a cancelled event or one taken off the site, and not for
  someone who got their seat after the reminder time: their confirmation or promotion
  mail has just told them the same.
- Film: once a seminar is over and a film of it is public (its publish time has
  passed), to those who had a seat or waited for one, with the link to the film.

Each mail goes once. A registration's marker (`reminded_at`, `film_mailed_at`) is set
by one conditional UPDATE in the transaction that writes the outbox row: of two
workers running the job at once, one UPDATE changes the row and the other finds it
already set (on PostgreSQL it waits for the first to commit and then sees the marker;
on SQLite the write lock is taken at BEGIN), and a rolled-back mail leaves no marker.
Purged or cancelled registrations get nothing.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from forvaltningskultur import dates

from .emails import greeting
from .models import ACTIVE_STATUSES, RegistrationBase, RegistrationStatus
from .tokens import registrant_url

logger = logging.getLogger(__name__)

# The default reminder is at most four days before the start (a Tuesday's on the
# Friday before): events further off need not be read.
_DEFAULT_REMINDER_HORIZON = dt.timedelta(days=5)


def send_scheduled_mail(now=None) -> dict:
    """Everything due by `now`. Returns the number of mails queued, per kind."""
    now = now or timezone.now()
    return {"reminders": send_reminders(now), "film": send_film_mail(now)}


def _models():
    for model in RegistrationBase.concrete_models():
        yield model, model._meta.get_field("event").related_model


def send_reminders(now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for model, event_model in _models():
        events = event_model._default_manager.filter(
            Q(reminder_at__lte=now)
            | Q(reminder_at__isnull=True, starts_at__lte=now + _DEFAULT_REMINDER_HORIZON),
            sends_reminder=True,
            is_cancelled=False,
            starts_at__gt=now,
        )
        for event in events:
            due = event.reminder_time
            if due > now or not event.is_open_to_public():
                continue
            pks = (
                model.objects.filter(event=event, created_at__lt=due)
                .filter(Q(promoted_at__isnull=True) | Q(promoted_at__lt=due))
                .filter(_unsent("reminded_at"), status=RegistrationStatus.CONFIRMED)
                .values_list("pk", flat=True)
            )
            for pk in list(pks):
                sent += _send_once(
                    model,
                    pk,
                    "reminded_at",
                    now,
                    build_reminder,
                    status=RegistrationStatus.CONFIRMED,
                )
    return sent


def send_film_mail(now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for model, event_model in _models():
        for event in event_model.with_film_out(now):
            pks = model.objects.filter(
                _unsent("film_mailed_at"), event=event, status__in=ACTIVE_STATUSES
            ).values_list("pk", flat=True)
            for pk in list(pks):
                sent += _send_once(
                    model, pk, "film_mailed_at", now, build_film_mail, status__in=ACTIVE_STATUSES
                )
    return sent


def _unsent(marker) -> Q:
    """Not yet sent, and someone to write to: never after the purge."""
    return Q(**{f"{marker}__isnull": True}, personal_data_purged=False) & ~Q(email="")


def _send_once(model, pk, marker, now, build, **still) -> int:
    """Set the marker if no one has (and the registration still qualifies), and queue
    the mail in the same transaction. 1 when this call queued it."""
    from forvaltningskultur import outbox

    with transaction.atomic():
        claimed = model.objects.filter(_unsent(marker), pk=pk, **still).update(**{marker: now})
        if not claimed:
            return 0
        registration = model.objects.select_related("event").get(pk=pk)
        # Not `about=registration`: the registration's mail status is its confirmation's.
        outbox.queue(build(registration))
    logger.info("Schemalagt mejl (%s) köat för anmälan %s", marker, pk)
    return 1


def _context(registration, **extra) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "greeting": greeting(registration.name),
        "event": event,
        "event_noun": event.event_noun,
        "title": event.event_title(),
        "when": dates.long_range(event.starts_at, event.ends_at),
        "registrant_url": registrant_url(registration),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        **extra,
    }


def _message(registration, subject, template, context) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"registration/email/scheduled/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(
        render_to_string(f"registration/email/scheduled/{template}.html", context), "text/html"
    )
    return message


def build_reminder(registration) -> EmailMultiAlternatives:
    """Only ever for someone with a seat: the joining link goes to them alone."""
    context = _context(registration)
    subject = gettext("Påminnelse: %(title)s") % {"title": context["title"]}
    return _message(registration, subject, "reminder", context)


def build_film_mail(registration) -> EmailMultiAlternatives:
    event = registration.event
    films = [
        (film.title, settings.SITE_URL + film.get_absolute_url()) for film in event.films_to_mail()
    ]
    context = _context(
        registration, films=films, retention_days=settings.PERSONAL_DATA_RETENTION_DAYS
    )
    subject = gettext("Nu kan du se filmen: %(title)s") % {"title": context["title"]}
    return _message(registration, subject, "film", context)
