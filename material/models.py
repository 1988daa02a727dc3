"""Agencies' own material, shared with each other: the library (`Material`, published by
Statskontoret's editors) and what agencies offer (`Submission`, reviewed in admin).

The submitter's name and work e-mail live on `Submission` alone, never on `Material`
(which keeps revisions): `submitter_data_role` gives them to the editor role only
(roles.py), and `purge.py` empties them a set number of days after the decision.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import uploads
from forvaltningskultur.fields import URLField
from forvaltningskultur.publishing import Publishable, Reviewable
from forvaltningskultur.roles import EDITOR
from forvaltningskultur.uploads import UploadTo, validate_material

from .storage import get_private_storage


class Kind(models.TextChoices):
    METHOD = "metod", _("Metodbeskrivning")
    GUIDE = "samtalsguide", _("Samtalsguide")
    TRAINING = "utbildning", _("Utbildningsupplägg")
    CASES = "fallsamling", _("Fallsamling")
    CODE = "etisk-kod", _("Etisk kod")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0: får delas och ändras, med myndigheten angiven")
    CC_BY_ND = "cc-by-nd-4.0", _("CC BY-ND 4.0: får delas, men inte ändras")
    ASK = "fraga", _("Får läsas här; fråga myndigheten innan materialet delas vidare")


class Agency(models.Model):
    """A Swedish government agency, in the list editors keep (a new one is added when a
    submission names one that is not in it)."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("myndighet")
        verbose_name_plural = _("myndigheter")

    def __str__(self):
        return self.name


class Material(Reviewable, Publishable):
    agency = models.ForeignKey(
        Agency, verbose_name=_("myndighet"), related_name="material", on_delete=models.PROTECT
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=200, unique=True)
    kind = models.CharField(_("typ av material"), max_length=20, choices=Kind.choices)
    description = models.TextField(
        _("kort beskrivning"),
        help_text=_("Med myndighetens egna ord: vad materialet är och hur det används."),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    themes = models.ManyToManyField(
        "dilemmas.Theme", verbose_name=_("teman"), related_name="material", blank=True
    )
    principles = models.ManyToManyField(
        "dilemmas.Principle", verbose_name=_("principer"), related_name="material", blank=True
    )
    licence = models.CharField(
        _("licens"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    contact_email = models.EmailField(
        _("kontakt hos myndigheten"),
        help_text=_("En funktionsbrevlåda, inte en persons adress."),
    )
    reviewed_at = models.DateField(_("granskat av Statskontoret"), null=True, blank=True)
    is_example = models.BooleanField(
        _("exempel"), default=False, help_text=_("Markeras som exempel på webbplatsen.")
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("stödmaterial")
        verbose_name_plural = _("stödmaterial")

    def __str__(self):
        return f"{self.agency}: {self.title}"

    def get_absolute_url(self):
        return reverse("material:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.year and not 1990 <= self.year <= timezone.now().year + 1:
            raise ValidationError({"year": _("Ange ett rimligt årtal.")})

    def search_document(self):
        from dilemmas.models import taxonomy_text
        from forvaltningskultur.search import Document

        return Document(
            title=self.title,
            taxonomy=taxonomy_text(self),
            meta="\n".join(
                [str(_("Stödmaterial")), self.get_kind_display(), self.agency.name, str(self.year)]
            ),
            body="\n".join([self.description, *(r.title for r in self.resources.all())]),
            detail=f"{self.agency.name}, {self.get_kind_display().lower()}, {self.year}",
        )


class Resource(models.Model):
    """One file or link of a published item."""

    material = models.ForeignKey(Material, related_name="resources", on_delete=models.CASCADE)
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(
        _("fil"),
        upload_to=UploadTo("material", field="file"),
        storage=get_private_storage,
        validators=[validate_material],
        blank=True,
        max_length=200,
        help_text=_("PDF, DOCX, ODT eller PPTX, högst 10 MB. Ange en fil eller en länk."),
    )
    url = URLField(_("länk"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("fil eller länk")
        verbose_name_plural = _("filer och länkar")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.file:
            return reverse("material:file", kwargs={"slug": self.material.slug, "pk": self.pk})
        return self.url

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Ange antingen en fil eller en länk."))

    @property
    def format_description(self) -> str:
        return uploads.describe(self.file) if self.file else ""


class SubmissionStatus(models.TextChoices):
    UNCONFIRMED = "obekraftad", _("Väntar på bekräftad e-postadress")
    PENDING = "inkommen", _("Inkommen, att granska")
    QUESTION = "fraga", _("Fråga till inlämnaren")
    PUBLISHED = "publicerad", _("Publicerad")
    DECLINED = "avbojd", _("Avböjd")


REVIEW_QUEUE = (SubmissionStatus.PENDING, SubmissionStatus.QUESTION)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Submission(models.Model):
    """Material an agency offers, with who offered it. Not published itself: publishing
    makes a `Material` from it (services.publish)."""

    # Personal data (the submitter), for the editor role only (roles.py).
    submitter_data_role = EDITOR
    # A submission changes no public page.
    affects_pages = False

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("myndighet"),
        null=True,
        blank=True,
        related_name="submissions",
        on_delete=models.SET_NULL,
    )
    agency_name = models.CharField(
        _("ny myndighet"),
        max_length=200,
        blank=True,
        help_text=_("När myndigheten inte fanns i listan."),
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ av material"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("kort beskrivning"))
    year = models.PositiveSmallIntegerField(_("år"))
    links = models.TextField(_("länkar"), blank=True, help_text=_("En adress per rad."))
    themes = models.ManyToManyField(
        "dilemmas.Theme", verbose_name=_("föreslagna teman"), related_name="+", blank=True
    )
    licence = models.CharField(_("licens"), max_length=20, choices=Licence.choices)
    contact_email = models.EmailField(_("kontakt hos myndigheten (funktionsbrevlåda)"))
    may_share = models.BooleanField(_("myndigheten får dela materialet"), default=False)
    submitter_name = models.CharField(_("inlämnarens namn"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("inlämnarens e-postadress"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.UNCONFIRMED,
        db_index=True,
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("inlämnad"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-postadressen bekräftad"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beslut"), null=True, blank=True)
    material = models.OneToOneField(
        Material,
        verbose_name=_("publicerat material"),
        null=True,
        blank=True,
        related_name="submission",
        on_delete=models.SET_NULL,
    )
    personal_data_purged = models.BooleanField(_("personuppgifter raderade"), default=False)
    # The fate of the latest mail to the submitter (the outbox sets it: `about`).
    mail_status = models.CharField(_("senaste mejlet"), max_length=10, blank=True, editable=False)
    mail_sent_at = models.DateTimeField(_("mejlet skickat"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inlämnat material")
        verbose_name_plural = _("inlämnat material")

    def __str__(self):
        # No personal data: admin's log keeps this.
        return f"{self.agency_display}: {self.title}"

    @property
    def agency_display(self) -> str:
        return self.agency.name if self.agency_id else self.agency_name

    def new_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def retention_days(self) -> int:
        return settings.MATERIAL_SUBMITTER_RETENTION_DAYS

    @property
    def in_review(self) -> bool:
        return self.status in REVIEW_QUEUE


class IncomingSubmission(Submission):
    """The review queue, "Inkomna bidrag": confirmed submissions awaiting a decision."""

    class Meta:
        proxy = True
        verbose_name = _("inkommet bidrag")
        verbose_name_plural = _("inkomna bidrag")


class SubmissionFile(models.Model):
    submitter_data_role = EDITOR  # unpublished: as the submission
    affects_pages = False

    submission = models.ForeignKey(Submission, related_name="files", on_delete=models.CASCADE)
    file = models.FileField(
        _("fil"),
        upload_to=UploadTo("inlamnat", field="file"),
        storage=get_private_storage,
        validators=[validate_material],
        max_length=200,
    )
    original_name = models.CharField(_("filnamn"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("inlämnad fil")
        verbose_name_plural = _("inlämnade filer")

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def format_description(self) -> str:
        return uploads.describe(self.file)


class SubmissionEvent(models.Model):
    """The submission's log: confirmed, a question asked, published, declined."""

    submitter_data_role = EDITOR  # the messages to the submitter
    affects_pages = False

    class Action(models.TextChoices):
        CONFIRMED = "bekraftad", _("E-postadressen bekräftades")
        QUESTION = "fraga", _("Fråga skickad till inlämnaren")
        PUBLISHED = "publicerad", _("Publicerat")
        DECLINED = "avbojd", _("Avböjt")

    submission = models.ForeignKey(Submission, related_name="events", on_delete=models.CASCADE)
    at = models.DateTimeField(_("tid"), default=timezone.now)
    action = models.CharField(_("händelse"), max_length=12, choices=Action.choices)
    message = models.TextField(_("meddelande"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redaktör"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self):
        return self.get_action_display()
