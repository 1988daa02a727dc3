"""The engine's e-mails: confirmation, waiting list, promotion, cancellation.

Swedish text and HTML, the `.ics` attached when the person has a seat, and the link to
their own page. Every mail goes through the outbox (forvaltningskultur/outbox.py): the
worker sends it, retries, and marks the registration's mail status; staff see failed
mails in admin and can send them again.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import dates

from . import ics
from .models import RegistrationStatus
from .tokens import registrant_url

logger = logging.getLogger(__name__)


class MailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftelse: %(title)s")
    WAITLIST = "waitlist", _("Du står på väntelistan: %(title)s")
    PROMOTED = "promoted", _("Du har fått en plats: %(title)s")
    CANCELLED = "cancelled", _("Din anmälan är avbokad: %(title)s")
    REMINDER = "reminder", _("Din anmälan: %(title)s")
    EVENT_CANCELLED = "event_cancelled", _("Inställt: %(title)s")

    @classmethod
    def for_status(cls, status):
        return {
            RegistrationStatus.CONFIRMED: cls.CONFIRMED,
            RegistrationStatus.WAITLIST: cls.WAITLIST,
            RegistrationStatus.CANCELLED: cls.CANCELLED,
        }[status]


def build_message(registration, kind) -> EmailMultiAlternatives:
    event = registration.event
    has_seat = registration.status == RegistrationStatus.CONFIRMED
    # The sign-up still stands: the mail offers the joining link and the registrant's page.
    active = kind not in (MailKind.CANCELLED, MailKind.EVENT_CANCELLED)
    # The calendar file goes along with a cancelled event too (STATUS:CANCELLED removes it
    # from the calendar), but only to someone who had a seat and so the event in theirs.
    attaches_calendar = has_seat and kind != MailKind.CANCELLED
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "title": event.event_title(),
        "when": dates.long_range(event.starts_at, event.ends_at),
        "has_seat": has_seat,
        "active": active,
        "attaches_calendar": attaches_calendar,
        "waitlist_position": registration.waitlist_position(),
        "registrant_url": registrant_url(registration),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    subject = str(kind.label) % {"title": context["title"]}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("registration/email/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(
        render_to_string("registration/email/message.html", context), "text/html"
    )
    if attaches_calendar:
        calendar = ics.calendar_for([event], private=True)
        message.attach("kalender.ics", calendar.to_ical(), "text/calendar; charset=utf-8")
    return message


def send_registration_mail(registration, kind=None) -> bool:
    """Put one mail about a registration in the outbox (sent by the worker, after the
    caller's transaction commits). False when there is no one to write to."""
    from forvaltningskultur import outbox

    if registration.personal_data_purged or not registration.email:
        return False
    kind = kind or MailKind.for_status(registration.status)
    outbox.queue(build_message(registration, kind), about=registration)
    return True


def notify_event_cancelled(event) -> int:
    """Tell everyone with a seat or a place in the queue that the event is cancelled."""
    sent = 0
    for registration in event.registrations.exclude(status=RegistrationStatus.CANCELLED):
        sent += send_registration_mail(registration, MailKind.EVENT_CANCELLED)
    return sent
