"""Sign-up, cancellation and the waiting list: the only code that changes seat counts.

Capacity holds under concurrent sign-ups because every change happens inside one
transaction that first locks the event row: `select_for_update()` on PostgreSQL; on
SQLite the settings' `transaction_mode="IMMEDIATE"` takes the database's write lock
at BEGIN, so the count-then-insert below runs for one sign-up at a time.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    with transaction.atomic():
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


def cancel(registration, *, send_mail=True) -> bool:
    """Cancel a sign-up; a freed seat goes to the first on the waiting list.

    Returns False when it was already cancelled (a double submit changes nothing).
    """
    model = type(registration)
    with transaction.atomic():
        event = _lock(registration.event)
        current = model.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return False
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = timezone.now()
        # Needs and diet (health-type data) serve only the event: gone with the sign-up.
        # Who cancelled stays until the purge, for the lists and the cancellation mail.
        current.save(update_fields=["status", "cancelled_at", *current.forget_needs()])
        promoted = _fill_free_seats(event)
        if send_mail:
            emails.send_registration_mail(current, emails.MailKind.CANCELLED)
            for person in promoted:
                emails.send_registration_mail(person, emails.MailKind.PROMOTED)
    registration.refresh_from_db()
    return True


def change_email(registration, email: str) -> None:
    """The registrant corrects their address; the confirmation goes to the new one."""
    with transaction.atomic():
        registration.email = email
        registration.save(update_fields=["email", "updated_at"])
        emails.send_registration_mail(registration, emails.MailKind.REMINDER)


def withdraw_consent(registration) -> None:
    """The registrant takes back their consent to keep needs and diet: deleted at once."""
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
    """Fill any free seats from the waiting list, first come first served (e.g. after
    the capacity was raised). Returns the promoted registrations."""
    with transaction.atomic():
        promoted = _fill_free_seats(_lock(event))
        if send_mail:
            for person in promoted:
                emails.send_registration_mail(person, emails.MailKind.PROMOTED)
    return promoted


def confirm(registration, *, send_mail=True) -> bool:
    """Staff move one person off the waiting list, even past capacity (their decision)."""
    model = type(registration)
    with transaction.atomic():
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
