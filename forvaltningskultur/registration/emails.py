"""The engine's e-mails: confirmation, waiting list, promotion, cancellation, a move.

Swedish text and HTML, the `.ics` attached when the person has a seat (or had one, to
take it out of their calendar), and the link to their own page. Every mail goes through
the outbox (forvaltningskultur/outbox.py): the worker sends it, retries, and marks the
registration's mail status; staff see failed mails in admin and can send them again.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import dates

from . import ics
from .models import ACTIVE_STATUSES, RegistrationStatus
from .tokens import registrant_url

logger = logging.getLogger(__name__)


class MailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftelse: %(title)s")
    WAITLIST = "waitlist", _("Du står på väntelistan: %(title)s")
    PROMOTED = "promoted", _("Du har fått en plats: %(title)s")
    CANCELLED = "cancelled", _("Din anmälan är avbokad: %(title)s")
    REMINDER = "reminder", _("Din anmälan: %(title)s")
    EVENT_CANCELLED = "event_cancelled", _("Inställt: %(title)s")
    UPDATED = "updated", _("Ny tid eller plats: %(title)s")

    @classmethod
    def for_status(cls, status):
        return {
            RegistrationStatus.CONFIRMED: cls.CONFIRMED,
            RegistrationStatus.WAITLIST: cls.WAITLIST,
            RegistrationStatus.CANCELLED: cls.CANCELLED,
        }[status]


# A word that is a name: letters, perhaps joined by a hyphen or an apostrophe
# ("Anna-Karin", "O'Brien"), two letters at least.
_NAME_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*")
# Titles and forms of address that come first in a name but are not a first name.
_NOT_FIRST_NAMES = frozenset(
    {"dr", "doktor", "prof", "professor", "fil", "med", "tekn", "jur", "docent"}
    | {"herr", "fru", "fröken", "mr", "mrs", "ms", "miss", "sir"}
)


def first_name(name: str) -> str | None:
    """The first name to greet by, where one can be told: the first of two or more
    words, when it looks like a name. "Anna Andersson" → "Anna"; "Anna", "Dr. Berg",
    "A. Berg" and "Person 0" → None."""
    words = (name or "").split()
    if len(words) < 2 or not all(any(c.isalpha() for c in word) for word in words):
        return None
    first = words[0]
    if not _NAME_WORD.fullmatch(first) or first.casefold() in _NOT_FIRST_NAMES:
        return None
    if first.isupper() or first.islower():  # "ANNA ANDERSSON", "anna andersson"
        first = re.sub(r"[^\W\d_]+", lambda part: part.group().capitalize(), first)
    return first


def greeting(name: str) -> str:
    """The first line of every mail: "Hej Anna!" by first name, else "Hej!"."""
    first = first_name(name)
    if first:
        return str(_("Hej %(name)s!")) % {"name": first}
    return str(_("Hej!"))


def _attaches_calendar(kind, has_seat: bool, had_seat: bool) -> bool:
    if kind == MailKind.CANCELLED:
        # Only someone who had the event in their calendar gets the file that removes it.
        return had_seat
    # A cancelled event: the file removes it too, again only for those with a seat.
    return has_seat


def build_message(
    registration, kind, *, had_seat=False, by_staff=False, reinstated=False, before=None
) -> EmailMultiAlternatives:
    """One mail about a registration.

    `had_seat`: a cancellation mail to someone who had a seat (the calendar file that
    takes the event out of their calendar goes along). `by_staff`: staff cancelled it.
    `reinstated`: an update mail because a cancelled event takes place after all.
    `before`: an update mail's earlier time and place ({"when": …, "place": …}, either
    left out when it did not change), or {"link": True} for a new joining link.
    """
    event = registration.event
    has_seat = registration.status == RegistrationStatus.CONFIRMED
    # The sign-up still stands: the mail offers the joining link and the registrant's page.
    active = kind not in (MailKind.CANCELLED, MailKind.EVENT_CANCELLED)
    attaches_calendar = _attaches_calendar(kind, has_seat, had_seat)
    title = event.event_title()
    day = dates.day_month_year(event.starts_at).replace(dates.NBSP, " ")
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "title": title,
        "greeting": greeting(registration.name),
        "noun": event.event_noun,
        "Noun": capfirst(event.event_noun),
        # "… den 3 maj 2027 …" unless the title says the day already (a course occasion).
        "day": "" if day in title else day,
        "when": dates.long_range(event.starts_at, event.ends_at),
        "before": before or {},
        "has_seat": has_seat,
        "active": active,
        "by_staff": by_staff,
        "reinstated": reinstated,
        "attaches_calendar": attaches_calendar,
        "waitlist_position": registration.waitlist_position(),
        "registrant_url": registrant_url(registration),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    label = kind.label
    if kind == MailKind.UPDATED and before and set(before) == {"link"}:
        label = _("Ny länk för att ansluta: %(title)s")
    subject = str(label) % {"title": title}
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
        if kind in (MailKind.CANCELLED, MailKind.EVENT_CANCELLED):
            calendar = ics.cancellation_for(event)
        else:
            calendar = ics.calendar_for([event], private=True)
        message.attach(*ics.mail_attachment(calendar))
    return message


def send_registration_mail(registration, kind=None, **options) -> bool:
    """Put one mail about a registration in the outbox (sent by the worker, after the
    caller's transaction commits). False when there is no one to write to.
    `options`: see build_message()."""
    from forvaltningskultur import outbox

    if registration.personal_data_purged or not registration.email:
        return False
    kind = kind or MailKind.for_status(registration.status)
    outbox.queue(build_message(registration, kind, **options), about=registration)
    return True


def notify_event_cancelled(event) -> int:
    """Tell everyone with a seat or a place in the queue that the event is cancelled."""
    sent = 0
    for registration in event.registrations.filter(status__in=ACTIVE_STATUSES):
        sent += send_registration_mail(registration, MailKind.EVENT_CANCELLED)
    return sent


def notify_event_changed(
    event, *, exclude=(), reinstated=False, before=None, seats_only=False
) -> int:
    """Tell everyone signed up that the time or place changed (or that a cancelled event
    takes place after all), with the new calendar file for those with a seat.
    `seats_only`: the news is for those with a seat alone (a new joining link)."""
    sent = 0
    statuses = [RegistrationStatus.CONFIRMED] if seats_only else ACTIVE_STATUSES
    registrations = event.registrations.filter(status__in=statuses).exclude(
        pk__in=[registration.pk for registration in exclude]
    )
    for registration in registrations:
        sent += send_registration_mail(
            registration, MailKind.UPDATED, reinstated=reinstated, before=before
        )
    return sent
