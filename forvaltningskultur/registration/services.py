"""Sign-up, cancellation and the waiting list: the only code that changes seat counts.

Capacity holds under concurrent sign-ups because every change happens inside one
transaction that first locks the event row: `select_for_update()` on PostgreSQL; on
SQLite the settings' `transaction_mode="IMMEDIATE"` takes the database's write lock
at BEGIN, so the count-then-insert below runs for one sign-up at a time.

A freed seat goes to the waiting list in one place, `promote_from_waitlist()`, in the
transaction that freed it: a registrant's cancellation, staff's (the admin action, or a
status changed in admin), a deleted registration, a raised capacity, a moved or
reinstated event. What staff do in admin reaches the engine through the models' signals
(signals.py), which call the functions at the end of this module.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import dates

from . import emails
from .models import ACTIVE_STATUSES, RegistrationStatus, SignupState

logger = logging.getLogger(__name__)

PERSONAL_FIELDS = ("name", "email", "organisation", "role", "accessibility_needs", "dietary_needs")


class SignupClosedError(Exception):
    """The event takes no sign-ups now; `message` is for the visitor."""

    def __init__(self, state):
        self.state = state
        messages = {
            SignupState.CANCELLED: _("Evenemanget är inställt. Det går inte att anmäla sig."),
            SignupState.CLOSED: _("Anmälan är stängd."),
            SignupState.EXTERNAL: _("Anmälan görs hos arrangören, inte här."),
        }
        self.message = messages.get(state, _("Det går inte att anmäla sig just nu."))
        super().__init__(str(self.message))


@dataclass
class SignupResult:
    registration: object
    created: bool  # False: the address was already signed up; nothing new was saved


# While the engine changes registrations, the signals leave them alone (signals.py).
_at_work = ContextVar("registration_engine_at_work", default=False)


@contextmanager
def _engine():
    """Inside: the engine's own saves (transaction.atomic() around it, always)."""
    token = _at_work.set(True)
    try:
        yield
    finally:
        _at_work.reset(token)


def at_work() -> bool:
    """Whether the change being saved now is the engine's own."""
    return _at_work.get()


def _lock(event):
    """The event row, locked for the rest of the transaction."""
    return type(event)._default_manager.select_for_update().get(pk=event.pk)


def register(event, cleaned_data, *, send_mail=True) -> SignupResult:
    """Sign someone up: a seat while there is one, else the waiting list.

    A second sign-up with the same address for the same event takes no seat; the
    existing registrant is sent their confirmation (with their link) again.
    """
    model = event.registrations.model
    email = cleaned_data["email"].strip()
    values = {field: (cleaned_data.get(field) or "").strip() for field in PERSONAL_FIELDS}
    values["email"] = email
    if event.is_online:
        values["dietary_needs"] = ""
    with transaction.atomic(), _engine():
        locked = _lock(event)
        state = locked.signup_state()
        if state not in (SignupState.OPEN, SignupState.WAITLIST) or not locked.is_open_to_public():
            raise SignupClosedError(state)
        existing = model.objects.filter(
            event=locked, email__iexact=email, status__in=ACTIVE_STATUSES
        ).first()
        if existing is None:
            # The state counted the confirmed seats under the lock: OPEN means one is free.
            status = (
                RegistrationStatus.CONFIRMED
                if state == SignupState.OPEN
                else RegistrationStatus.WAITLIST
            )
            registration = model.objects.create(event=locked, status=status, **values)
        # The mail goes into the outbox in the same transaction: a sign-up is never
        # kept without its mail, nor a mail queued for a sign-up that was not.
        if existing is not None:
            if send_mail:
                emails.send_registration_mail(existing, emails.MailKind.REMINDER)
            return SignupResult(existing, created=False)
        if send_mail:
            kind = emails.MailKind.for_status(registration.status)
            emails.send_registration_mail(registration, kind)
    return SignupResult(registration, created=True)


def _cancelled_fields(registration) -> list[str]:
    """Mark a registration cancelled (not saved); the fields to save."""
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    # Needs and diet (health-type data) serve only the event: gone with the sign-up.
    # Who cancelled stays until the purge, for the lists and the cancellation mail.
    return ["status", "cancelled_at", *registration.forget_needs()]


def cancel(registration, *, send_mail=True, by_staff=False) -> bool:
    """Cancel a sign-up; a freed seat goes to the first on the waiting list.

    The person is mailed, with the calendar file that removes the event when they had
    a seat; `by_staff` says in the mail that staff cancelled it. Returns False when it
    was already cancelled (a double submit changes nothing).
    """
    model = type(registration)
    with transaction.atomic(), _engine():
        event = _lock(registration.event)
        current = model.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return False
        had_seat = current.status == RegistrationStatus.CONFIRMED
        current.save(update_fields=_cancelled_fields(current))
        if send_mail:
            emails.send_registration_mail(
                current, emails.MailKind.CANCELLED, had_seat=had_seat, by_staff=by_staff
            )
        promote_from_waitlist(event, send_mail=send_mail)
    registration.refresh_from_db()
    return True


def change_email(registration, email: str) -> None:
    """The registrant corrects their address; the confirmation goes to the new one."""
    with transaction.atomic(), _engine():
        registration.email = email
        registration.save(update_fields=["email", "updated_at"])
        emails.send_registration_mail(registration, emails.MailKind.REMINDER)


def withdraw_consent(registration) -> None:
    """The registrant takes back their consent to keep needs and diet: deleted at once."""
    with _engine():
        registration.save(update_fields=registration.forget_needs())


def _fill_free_seats(event):
    """Inside a transaction holding the event lock: confirm waiting people into free seats.
    `event` is the row `_lock()` returned (no count annotations: `seats_left` counts now)."""
    if event.is_cancelled or event.starts_at <= timezone.now():
        return []
    model = event.registrations.model
    free = event.seats_left
    if free <= 0:
        return []
    waiting = list(
        model.objects.filter(event=event, status=RegistrationStatus.WAITLIST).order_by(
            "created_at", "pk"
        )[:free]
    )
    now = timezone.now()
    for person in waiting:
        person.status = RegistrationStatus.CONFIRMED
        person.promoted_at = now
        person.save(update_fields=["status", "promoted_at", "updated_at"])
    return waiting


def promote_from_waitlist(event, *, send_mail=True) -> list:
    """Fill any free seats from the waiting list, first come first served, and mail
    each person promoted, with their calendar file: every path that frees a seat ends
    here. Returns the promoted registrations (none when no seat is free)."""
    with transaction.atomic(), _engine():
        promoted = _fill_free_seats(_lock(event))
        if send_mail:
            for person in promoted:
                emails.send_registration_mail(person, emails.MailKind.PROMOTED)
    return promoted


def confirm(registration, *, send_mail=True) -> bool:
    """Staff move one person off the waiting list, even past capacity (their decision)."""
    model = type(registration)
    with transaction.atomic(), _engine():
        _lock(registration.event)
        current = model.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.WAITLIST:
            return False
        current.status = RegistrationStatus.CONFIRMED
        current.promoted_at = timezone.now()
        current.save(update_fields=["status", "promoted_at", "updated_at"])
        if send_mail:
            emails.send_registration_mail(current, emails.MailKind.PROMOTED)
    registration.refresh_from_db()
    return True


# --- changes made around the engine (admin), brought to it by signals.py -------------


def status_changed(registration, before, *, send_mail=True) -> None:
    """Staff changed a registration's status by hand (saved it in admin): what the
    engine does for the same change. Cancelled: the cancellation's bookkeeping and
    mail; given a seat: the promotion's; a seat left: the next in line gets it."""
    after = registration.status
    if before == after:
        return
    kind = None
    with transaction.atomic(), _engine():
        event = _lock(registration.event)
        if after == RegistrationStatus.CANCELLED:
            registration.save(update_fields=_cancelled_fields(registration))
            kind = emails.MailKind.CANCELLED
        elif after == RegistrationStatus.CONFIRMED and before == RegistrationStatus.WAITLIST:
            registration.promoted_at = timezone.now()
            registration.save(update_fields=["promoted_at", "updated_at"])
            kind = emails.MailKind.PROMOTED
        else:
            kind = emails.MailKind.for_status(after)
        if send_mail:
            emails.send_registration_mail(
                registration,
                kind,
                had_seat=before == RegistrationStatus.CONFIRMED,
                by_staff=True,
            )
        if before == RegistrationStatus.CONFIRMED:
            promote_from_waitlist(event, send_mail=send_mail)


def registration_deleted(registration) -> list:
    """A registration was deleted (in admin, one or many): a seat it held goes on."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return []
    event_model = type(registration)._meta.get_field("event").related_model
    event = event_model._default_manager.filter(pk=registration.event_id).first()
    if event is None:
        return []
    return promote_from_waitlist(event)


def _place(values) -> str:
    """An event's place, as `RegistrableEvent.place` reads it, from saved values."""
    if values["is_online"]:
        return str(_("Digitalt"))
    return ", ".join(part for part in (values["venue"], values["address"]) if part)


def event_saved(event, before: dict) -> list:
    """An event was saved; `before` holds its capacity and SCHEDULE_FIELDS as they were.

    Cancelled: everyone signed up is mailed (the count is left on the event as
    `cancellation_mails_on_save`). A new joining link for an online event goes to those
    with a seat, with the calendar
    file that updates their entry. More seats, a moved time or place, or a cancelled
    event that takes place after all:
    the waiting list moves up. Moved or reinstated: everyone signed up gets the new
    time and place, those with a seat with the calendar file that updates their entry
    (its SEQUENCE raised by the save). A move is what a person would see: the time to
    the minute, the place as written (seconds left by a form are no move).
    Returns the promoted registrations.
    """
    event.cancellation_mails_on_save = 0
    earlier = {}
    when = dates.long_range(before["starts_at"], before["ends_at"])
    if when != dates.long_range(event.starts_at, event.ends_at):
        earlier["when"] = when
    if _place(before) != event.place:
        earlier["place"] = _place(before)
    # Online all along, with another joining link: only those with a seat have the link.
    new_link = (
        not earlier
        and before["is_online"]
        and event.is_online
        and bool(before["online_url"])
        and before["online_url"] != event.online_url
    )
    reinstated = before["is_cancelled"] and not event.is_cancelled
    if event.is_cancelled and not before["is_cancelled"]:
        # However it was cancelled (admin, a script, the shell): everyone signed up hears.
        event.cancellation_mails_on_save = emails.notify_event_cancelled(event)
        return []
    if not (earlier or new_link or reinstated or event.capacity > before["capacity"]):
        return []
    with transaction.atomic(), _engine():
        promoted = promote_from_waitlist(event)
        if (
            (earlier or new_link or reinstated)
            and not event.is_cancelled
            and event.ends_at > timezone.now()
        ):
            emails.notify_event_changed(
                event,
                exclude=promoted,
                reinstated=reinstated,
                before={"link": True}
                if new_link and not reinstated
                else (None if reinstated else earlier),
                seats_only=new_link and not reinstated,
            )
    return promoted
