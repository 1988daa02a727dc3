"""What happens to a submission: it comes in, its address is confirmed, an editor asks
a question, publishes it or declines it. Each step is logged on the submission, and
each mail goes through the outbox (sent by the worker, never in the request)."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from forvaltningskultur import outbox

from .models import (
    Agency,
    Material,
    Resource,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionStatus,
    hash_token,
)

Action = SubmissionEvent.Action


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def review_address() -> str:
    """The editors' mailbox, as a bare address ("namn@statskontoret.se")."""
    return parseaddr(settings.MATERIAL_REVIEW_EMAIL)[1] or settings.MATERIAL_REVIEW_EMAIL


def _mail(template: str, subject: str, to: str, context: dict, about=None):
    context = {"reply_to": review_address(), **context}
    body = render_to_string(f"material/email/{template}.txt", context).strip() + "\n"
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        # In the headers, which the outbox keeps: a reply reaches the editors.
        headers={"Reply-To": review_address()},
    )
    # About the submission: the mail's fate shows on it, and the outbox's admin shows the
    # address only to those who may see the submitter (forvaltningskultur/admin.py).
    outbox.queue(message, about=about)


@transaction.atomic
def submit(data: dict, files) -> tuple[Submission, str]:
    """Save a new submission (not yet confirmed) with its files, and mail the link that
    confirms the address. Returns the submission and its token (for tests)."""
    submission = Submission(
        agency=data.get("agency"),
        agency_name="" if data.get("agency") else data.get("agency_name", ""),
        title=data["title"],
        kind=data["kind"],
        description=data["description"],
        year=data["year"],
        links="\n".join(data.get("links") or []),
        licence=data["licence"],
        contact_email=data["contact_email"],
        may_share=data["may_share"],
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
    )
    token = submission.new_token()
    submission.save()
    submission.themes.set(data.get("themes") or [])
    for upload in files:
        stored = SubmissionFile(submission=submission, original_name=upload.name[:200])
        stored.file = upload
        stored.save()
    link = _site_url(reverse("submit:confirm", kwargs={"token": token}))
    _mail(
        "confirm",
        f"Bekräfta att du vill dela ”{submission.title}”",
        submission.submitter_email,
        {"submission": submission, "link": link},
        about=submission,
    )
    return submission, token


def find_unconfirmed(token: str) -> Submission | None:
    if not token or len(token) > 100:
        return None
    return Submission.objects.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def confirm(submission: Submission) -> bool:
    """The address is the submitter's: the submission goes to the editors' queue, and
    they are mailed. False when it was confirmed before (nothing happens again)."""
    updated = Submission.objects.filter(
        pk=submission.pk, status=SubmissionStatus.UNCONFIRMED
    ).update(status=SubmissionStatus.PENDING, confirmed_at=timezone.now())
    if not updated:
        return False
    submission.refresh_from_db()
    SubmissionEvent.objects.create(submission=submission, action=Action.CONFIRMED)
    admin_url = _site_url(reverse("admin:material_incomingsubmission_change", args=[submission.pk]))
    _mail(
        "review",
        f"Inkommet bidrag att granska: {submission.title}",
        settings.MATERIAL_REVIEW_EMAIL,
        {"submission": submission, "link": admin_url},
    )
    return True


@transaction.atomic
def ask(submission: Submission, message: str, user=None):
    """Mail the submitter the editor's question; logged on the submission."""
    SubmissionEvent.objects.create(
        submission=submission, action=Action.QUESTION, message=message, user=user
    )
    submission.status = SubmissionStatus.QUESTION
    submission.save(update_fields=["status"])
    _mail(
        "question",
        f"En fråga om ”{submission.title}” från Statskontoret",
        submission.submitter_email,
        {"submission": submission, "message": message},
        about=submission,
    )


def unique_slug(model, text: str, fallback: str) -> str:
    """A slug for `text` that no row of `model` has yet: "jav", then "jav-2", "jav-3"."""
    base = slugify(text)[:180] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publish(submission: Submission, message: str = "", user=None) -> Material:
    """A published Material from the submission (its files and links as they are), and
    a mail to the submitter with the address."""
    agency = submission.agency
    if agency is None:
        name = submission.agency_name.strip()
        agency = Agency.objects.filter(name__iexact=name).first() or Agency.objects.create(
            name=name, slug=unique_slug(Agency, name, "myndighet")
        )
        submission.agency = agency
    today = timezone.localdate()
    material = Material.objects.create(
        agency=agency,
        title=submission.title,
        slug=unique_slug(Material, submission.title, "material"),
        kind=submission.kind,
        description=submission.description,
        year=submission.year,
        licence=submission.licence,
        contact_email=submission.contact_email,
        reviewed_at=today,
        status="published",
        publish_at=timezone.now(),
    )
    material.themes.set(submission.themes.all())
    order = 0
    for stored in submission.files.all():
        title = stored.original_name.rsplit(".", 1)[0] or submission.title
        Resource.objects.create(material=material, title=title, file=stored.file.name, order=order)
        order += 1
    for link in submission.link_list():
        Resource.objects.create(material=material, title=link, url=link, order=order)
        order += 1
    submission.material = material
    submission.status = SubmissionStatus.PUBLISHED
    submission.decided_at = timezone.now()
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, action=Action.PUBLISHED, message=message, user=user
    )
    _mail(
        "published",
        f"”{submission.title}” är publicerat",
        submission.submitter_email,
        {
            "submission": submission,
            "message": message,
            "link": _site_url(material.get_absolute_url()),
        },
        about=submission,
    )
    return material


@transaction.atomic
def decline(submission: Submission, reason: str, user=None):
    submission.status = SubmissionStatus.DECLINED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=Action.DECLINED, message=reason, user=user
    )
    _mail(
        "declined",
        f"Om ”{submission.title}”: Statskontoret publicerar inte materialet",
        submission.submitter_email,
        {"submission": submission, "message": reason},
        about=submission,
    )
