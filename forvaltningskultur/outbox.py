"""Mail through a durable outbox: written with the change that causes it, sent by the
worker (tasks.py) with retries and back-off; never sent inside a visitor's request.

`queue(message)` stores a Django EmailMessage as a row, in the caller's transaction, and
asks the worker to send it once that transaction has committed. `deliver(pk)` claims the
row (a lease, so two workers never send one mail), sends it with `EMAIL_TIMEOUT`, and
marks it sent, or schedules the next try: 30 s, 1, 2, 4 … minutes, at most an hour
apart, `OUTBOX_MAX_ATTEMPTS` times, then "failed", which staff see in admin and can send
again. A worker killed mid-send leaves a lease that runs out; `deliver_due()` (every
minute, and when a worker starts) picks up whatever is due.
"""

import base64
import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


def _serialise(message: EmailMultiAlternatives) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(data).decode(), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        "attachments": attachments,
        "headers": dict(message.extra_headers),
    }


def rebuild(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data.get("headers") or {},
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def queue(message, *, about=None):
    """Store the mail in the caller's transaction; the worker sends it after commit.
    `about`: the registration it concerns, whose mail status follows the mail's."""
    from .models import OutgoingMail

    mail = OutgoingMail.objects.create(
        recipient=", ".join(message.to),
        subject=message.subject,
        content=_serialise(message),
        about_type=about._meta.label_lower if about is not None else "",
        about_id=about.pk if about is not None else None,
    )
    dispatch(mail.pk)
    return mail


def dispatch(pk):
    from . import tasks

    if tasks.huey.immediate:
        # Tests and one-off scripts: send now, on the same connection (the row is
        # visible there before any commit).
        deliver(pk)
    else:
        transaction.on_commit(lambda: tasks.deliver_mail(pk), robust=True)


def _backoff(attempts: int) -> dt.timedelta:
    base = settings.OUTBOX_RETRY_SECONDS
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _due(now) -> Q:
    """Mails to send now: pending and due, or claimed by a sender whose lease lapsed."""
    from .models import OutgoingMail

    return Q(status=OutgoingMail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutgoingMail.Status.SENDING, lease_until__lt=now
    )


def _claim(pk, now):
    """Take the row for this worker, if it is due (one UPDATE: two workers never both do)."""
    from .models import OutgoingMail

    lease = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    return OutgoingMail.objects.filter(_due(now), pk=pk).update(
        status=OutgoingMail.Status.SENDING, lease_until=lease, attempts=F("attempts") + 1
    )


def deliver(pk) -> bool:
    """Send one mail if it is due and no other worker has it. True when it went."""
    from .models import OutgoingMail

    now = timezone.now()
    if not _claim(pk, now):
        return False
    mail = OutgoingMail.objects.get(pk=pk)
    try:
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        connection.send_messages([rebuild(mail.content)])
    except Exception as error:
        final = mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        mail.status = OutgoingMail.Status.FAILED if final else OutgoingMail.Status.PENDING
        mail.next_attempt_at = timezone.now() + _backoff(mail.attempts)
        # The kind of error only: an SMTP error text can hold the address.
        mail.last_error = type(error).__name__
        mail.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning(
            "Mejl %s kunde inte skickas (försök %s, %s)%s",
            mail.pk,
            mail.attempts,
            type(error).__name__,
            ": ger upp" if final else "",
        )
        mail.mark_about()
        from . import tasks

        if not final and not tasks.huey.immediate:
            tasks.deliver_mail.schedule((pk,), delay=_backoff(mail.attempts).total_seconds())
        return False
    mail.status = OutgoingMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    mail.content = {}  # the mail has gone: its text (links, needs) need not stay
    mail.save(update_fields=["status", "sent_at", "last_error", "content"])
    mail.mark_about()
    return True


def deliver_due() -> int:
    """Every mail that is due, or whose sender died: the safety net behind the queue."""
    from .models import OutgoingMail

    due = OutgoingMail.objects.filter(_due(timezone.now())).values_list("pk", flat=True)
    return sum(deliver(pk) for pk in list(due[:500]))


def resend(mails) -> int:
    """Staff send failed mails again: a fresh set of attempts, from now."""
    from .models import OutgoingMail

    pks = list(mails.exclude(status=OutgoingMail.Status.SENT).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=pks).update(
        status=OutgoingMail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for pk in pks:
        dispatch(pk)
    return len(pks)
