"""Seminars, their speakers and filmed lectures, and seminar sign-ups."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import links
from forvaltningskultur.fields import URLField
from forvaltningskultur.images import require_alt_text
from forvaltningskultur.publishing import Publishable, PublishableQuerySet, Status
from forvaltningskultur.registration.models import (
    RegistrableEvent,
    RegistrableEventQuerySet,
    RegistrationBase,
)
from forvaltningskultur.richtext import RichTextField, plain_text
from forvaltningskultur.uploads import (
    CheckedImageField,
    UploadTo,
    describe,
    validate_captions,
    validate_transcript,
    validate_video,
)


class SeminarQuerySet(PublishableQuerySet, RegistrableEventQuerySet):
    pass


class Seminar(Publishable, RegistrableEvent):
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=200,
        unique=True,
        help_text=_(
            "Adressen blir /seminarier/kortnamnet/. Små bokstäver, siffror och bindestreck. "
            "Ändra inte efter publicering."
        ),
    )
    introduction = models.TextField(
        _("ingress"),
        max_length=600,
        help_text=_("En eller två meningar som visas i listor och på sidans topp."),
    )
    body = RichTextField(_("brödtext"), blank=True)
    image = CheckedImageField(
        _("bild"),
        upload_to=UploadTo("seminarier", field="image"),
        blank=True,
    )
    image_alt = models.CharField(
        _("alternativtext"), max_length=300, blank=True, help_text=_("Beskriv vad bilden visar.")
    )
    image_decorative = models.BooleanField(
        _("bilden är dekorativ"), default=False, help_text=_("Då behövs ingen alternativtext.")
    )
    is_filmed = models.BooleanField(
        _("filmas"),
        default=True,
        help_text=_("Anmälningsformuläret berättar att seminariet filmas och publiceras."),
    )
    sends_film_mail = models.BooleanField(
        _("mejla när filmen publiceras"),
        default=True,
        help_text=_(
            "Anmälda och de på väntelistan får ett mejl med länk till filmen, en gång, "
            "när den första filmen har publicerats."
        ),
    )

    objects = SeminarQuerySet.as_manager()
    event_noun = _("seminariet")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("seminarium")
        verbose_name_plural = _("seminarier")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("seminars:detail", self.slug)

    def get_calendar_url(self):
        return links.url("seminars:calendar", self.slug)

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            require_alt_text(self.image, self.image_alt, self.image_decorative)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def with_film_out(cls, now):
        """Over, public, with a public film, and the film mail on (registration/scheduled.py).
        A film is public from its publish time on: no one has to press anything."""
        films = Film.objects.published().filter(publish_at__lte=now).values("seminar_id")
        return cls.objects.published().filter(sends_film_mail=True, ends_at__lt=now, pk__in=films)

    def films_to_mail(self) -> list:
        return list(self.films.published())

    def search_document(self):
        from forvaltningskultur import dates
        from forvaltningskultur.search import Document

        speakers = list(self.speakers.all())
        return Document(
            title=self.title,
            meta="\n".join(
                [
                    str(_("Seminarium")),
                    self.search_when_and_where(),
                    *(
                        ", ".join(p for p in (s.name, s.title, s.organisation) if p)
                        for s in speakers
                    ),
                    *(s.bio for s in speakers),
                    *(film.title for film in self.films.all()),
                ]
            ),
            body="\n".join([self.introduction, plain_text(self.body)]),
            detail=dates.long_datetime(self.starts_at),
            event_at=self.starts_at,
        )

    def search_parents(self):
        """Its films carry its title and speakers, and are public only with it."""
        return [self.films.all()]


class Speaker(models.Model):
    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("seminarium")
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("Till exempel ”professor”.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("kort presentation"), max_length=1000, blank=True)
    photo = CheckedImageField(
        _("foto"),
        upload_to=UploadTo("talare", field="photo"),
        blank=True,
    )
    photo_alt = models.CharField(
        _("alternativtext för fotot"),
        max_length=300,
        blank=True,
        help_text=_("Till exempel ”Porträtt av Anna Andersson”."),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("talare")
        verbose_name_plural = _("talare")

    def __str__(self):
        return self.name

    def clean(self):
        require_alt_text(self.photo, self.photo_alt, False, field="photo_alt")

    def search_parents(self):
        return [
            Seminar.objects.filter(pk=self.seminar_id),
            Film.objects.filter(seminar=self.seminar_id),
        ]


class FilmQuerySet(PublishableQuerySet):
    def published(self):
        """A film that follows its seminar is public while the seminar is; one set
        otherwise, by its own status and time. Without Swedish captions a film is never
        public, whatever its status says."""
        now = timezone.now()
        follows = models.Q(
            follows_seminar=True,
            seminar__status=Status.PUBLISHED,
            seminar__publish_at__lte=now,
        )
        own = models.Q(follows_seminar=False, status=Status.PUBLISHED, publish_at__lte=now)
        return self.filter(follows | own).exclude(captions="")


class Film(Publishable):
    """A filmed lecture: an uploaded MP4 or a link to an external player."""

    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="films", verbose_name=_("seminarium")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    video = models.FileField(
        _("filmfil (mp4)"),
        upload_to=UploadTo("filmer", field="video"),
        validators=[validate_video],
        blank=True,
    )
    external_url = URLField(
        _("extern filmlänk"),
        blank=True,
        help_text=_(
            "Till exempel en YouTube- eller Vimeo-länk. Spelaren laddas först när besökaren klickar."
        ),
    )
    captions = models.FileField(
        _("svensk textning (WebVTT)"),
        upload_to=UploadTo("textning", field="captions"),
        validators=[validate_captions],
        blank=True,
        help_text=_("Krävs för att filmen ska kunna publiceras."),
    )
    transcript = models.TextField(
        _("transkription"),
        blank=True,
        help_text=_("Det som sägs i filmen, som text. Visas under filmen."),
    )
    transcript_file = models.FileField(
        _("transkription som fil"),
        upload_to=UploadTo("transkription", field="transcript_file"),
        validators=[validate_transcript],
        blank=True,
    )
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), null=True, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    follows_seminar = models.BooleanField(
        _("publiceras med seminariet"),
        default=True,
        help_text=_(
            "Filmen syns när seminariet är publicerat. Ta bort bocken för att i stället "
            "styra filmen med egen status och publiceringstid."
        ),
    )

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("film")
        verbose_name_plural = _("filmer")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.seminar.get_absolute_url()}#film-{self.pk}"

    @property
    def is_published(self) -> bool:
        """As `published()`: with the seminar, or by its own status; captions always."""
        if not self.captions:
            return False
        if self.follows_seminar:
            return self.seminar.is_published
        return super().is_published

    def search_document(self):
        """A film is found by its words, each cue with its moment (search: "i filmen,
        12.34"); public only while it and its seminar are, and it has captions."""
        from forvaltningskultur.search import Document

        seminar = self.seminar
        public = (
            (self.follows_seminar or self.status == Status.PUBLISHED)
            and seminar.status == Status.PUBLISHED
            and bool(self.captions)
        )
        cues = [(cue.start, cue.text) for cue in self.cues]
        return Document(
            title=self.title,
            meta="\n".join(
                [str(_("Film")), seminar.title, *(s.name for s in seminar.speakers.all())]
            ),
            body="\n".join([self.transcript, *(text for _start, text in cues)]),
            detail=_("Från seminariet ”%(title)s”") % {"title": seminar.title},
            status=Status.PUBLISHED if public else Status.DRAFT,
            publish_at=seminar.publish_at
            if self.follows_seminar
            else max(self.publish_at, seminar.publish_at),
            cues=cues,
        )

    def search_parents(self):
        return [Seminar.objects.filter(pk=self.seminar_id)]

    def clean(self):
        errors = {}
        if not self.video and not self.external_url:
            errors["video"] = _("Ladda upp en filmfil eller ange en extern filmlänk.")
        if self.video and self.external_url:
            errors["external_url"] = _("Välj antingen filmfil eller extern länk, inte båda.")
        if self.status == Status.PUBLISHED and not self.captions:
            errors["captions"] = _("En film kan inte publiceras utan svensk textning (WebVTT).")
        if errors:
            raise ValidationError(errors)

    @property
    def captions_description(self) -> str:
        return describe(self.captions)

    @property
    def transcript_description(self) -> str:
        return describe(self.transcript_file)

    @property
    def video_description(self) -> str:
        return describe(self.video)

    @cached_property
    def embed(self):
        """The external player, parsed from `external_url` once per instance (a page asks
        several times); a changed URL is read by a freshly loaded film."""
        from .video import embed_for

        return embed_for(self.external_url) if self.external_url else None

    def moment_url(self, seconds: float) -> str:
        """The seminar page with this film at a moment: film.js starts the film there."""
        return f"{self.seminar.get_absolute_url()}#film-{self.pk}&t={max(0, int(seconds))}"

    @cached_property
    def cues(self):
        """The captions as timed lines (seminars.captions), read once per instance."""
        from .captions import film_cues

        return film_cues(self)


class SeminarRegistration(RegistrationBase):
    event = models.ForeignKey(
        Seminar,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("seminarium"),
    )

    class Meta(RegistrationBase.Meta):
        verbose_name = _("anmälan till seminarium")
        verbose_name_plural = _("anmälningar till seminarier")
