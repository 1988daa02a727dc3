"""Courses, their dated occasions, and sign-ups for an occasion (through the shared engine)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import dates, links
from forvaltningskultur.fields import URLField
from forvaltningskultur.publishing import Publishable, PublishableQuerySet, Reviewable
from forvaltningskultur.registration.models import (
    ExternalSignup,
    RegistrableEvent,
    RegistrableEventQuerySet,
    RegistrationBase,
)
from forvaltningskultur.richtext import RichTextField, plain_text

STATSKONTORET = "Statskontoret"


class Organiser(models.TextChoices):
    STATSKONTORET = "statskontoret", _("Statskontoret")
    PARTNER = "partner", _("Statskontoret tillsammans med en annan myndighet")


class CourseQuerySet(PublishableQuerySet):
    def with_next_start(self, now=None, *, drafts=False):
        """Annotate next_start: when the next occasion that is not over starts (None when
        nothing is planned). Draft occasions count only with `drafts=True` (for staff)."""
        coming = models.Q(occasions__ends_at__gte=now or timezone.now())
        if not drafts:
            coming &= models.Q(occasions__is_draft=False)
        return self.annotate(next_start=models.Min("occasions__starts_at", filter=coming))


class Course(Reviewable, Publishable):
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=200,
        unique=True,
        help_text=_(
            "Adressen blir /kurser/kortnamnet/. Små bokstäver, siffror och bindestreck. "
            "Ändra inte efter publicering."
        ),
    )
    introduction = models.TextField(
        _("ingress"),
        max_length=600,
        help_text=_("En eller två meningar som visas i listor och på sidans topp."),
    )
    body = RichTextField(_("brödtext"), blank=True)
    target_group = models.CharField(
        _("målgrupp"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel ”chefer”, ”medarbetare” eller ”HR”."),
    )
    organiser = models.CharField(
        _("arrangör"),
        max_length=20,
        choices=Organiser.choices,
        default=Organiser.STATSKONTORET,
    )
    partner_name = models.CharField(
        _("samarbetsmyndighet"),
        max_length=200,
        blank=True,
        help_text=_("Myndigheten som ger kursen tillsammans med Statskontoret."),
    )
    partner_url = URLField(
        _("samarbetsmyndighetens webbplats"),
        blank=True,
        help_text=_("Länk till myndighetens webbplats eller sida om kursen."),
    )
    external_signup_url = URLField(
        _("extern anmälan"),
        blank=True,
        help_text=_(
            "Bara för kurser med en samarbetsmyndighet: tar myndigheten emot anmälningarna på "
            "sin egen webbplats, ange länken här. Då visas den i stället för vårt formulär."
        ),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.url("courses:detail", self.slug)

    def clean(self):
        super().clean()
        errors = {}
        if self.organiser == Organiser.PARTNER and not self.partner_name:
            errors["partner_name"] = _("Ange vilken myndighet kursen ges tillsammans med.")
        if self.organiser == Organiser.STATSKONTORET:
            if self.external_signup_url:
                errors["external_signup_url"] = _(
                    "Extern anmälan gäller bara kurser med en samarbetsmyndighet. "
                    "Till Statskontorets egna kurser anmäler man sig här."
                )
            if self.partner_name or self.partner_url:
                errors["organiser"] = _(
                    "Välj ”tillsammans med en annan myndighet” eller töm fälten om "
                    "samarbetsmyndigheten."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_partner_course(self) -> bool:
        return self.organiser == Organiser.PARTNER and bool(self.partner_name)

    @property
    def organiser_name(self) -> str:
        """Who takes the sign-ups: the partner on a partner course, else Statskontoret."""
        return self.partner_name if self.is_partner_course else STATSKONTORET

    def search_document(self):
        from forvaltningskultur.search import Document

        occasions = list(self.occasions.filter(is_draft=False).order_by("starts_at"))
        coming = [o for o in occasions if not o.is_past]
        return Document(
            title=self.title,
            body="\n".join([self.introduction, plain_text(self.body)]),
            meta="\n".join(
                [
                    str(_("Kurs")),
                    self.target_group,
                    self.organiser_name,
                    *(o.search_when_and_where() for o in occasions),
                ]
            ),
            detail=(
                _("Nästa tillfälle: %(date)s") % {"date": dates.long_date(coming[0].starts_at)}
                if coming
                else ""
            ),
            event_at=coming[0].starts_at if coming else None,
        )


class CourseOccasionQuerySet(RegistrableEventQuerySet):
    def public(self):
        """Occasions the public may see: of a published course, and not drafts."""
        return self.filter(
            is_draft=False, course__in=Course.objects.published().values("pk")
        ).select_related("course")


class CourseOccasion(RegistrableEvent):
    """One dated run of a course: a day or several, at a place or online."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="occasions", verbose_name=_("kurs")
    )
    is_draft = models.BooleanField(
        _("utkast"),
        default=False,
        help_text=_("Ett utkast syns inte på webbplatsen och tar inte emot anmälningar."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = CourseOccasionQuerySet.as_manager()

    is_filmed = False
    event_noun = _("kurstillfället")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("kurstillfälle")
        verbose_name_plural = _("kurstillfällen")

    def __str__(self):
        if self.starts_at is None:
            return self.course.title if self.course_id else gettext("Nytt kurstillfälle")
        return self.event_title()

    # --- the engine's interface ------------------------------------------------

    def event_title(self) -> str:
        # Plain spaces: the title is also a mail subject and a calendar summary.
        day = dates.day_month_year(self.starts_at).replace(dates.NBSP, " ")
        return gettext("%(course)s, %(date)s") % {"course": self.course.title, "date": day}

    def get_absolute_url(self):
        return f"{self.course.get_absolute_url()}#{self.anchor}"

    def search_parents(self):
        return [Course.objects.filter(pk=self.course_id)]

    def get_calendar_url(self):
        return reverse(
            "courses:occasion_calendar", kwargs={"slug": self.course.slug, "pk": self.pk}
        )

    def is_open_to_public(self) -> bool:
        return not self.is_draft and self.course.is_published

    def external_signup(self) -> ExternalSignup | None:
        course = self.course
        if course.is_partner_course and course.external_signup_url:
            return ExternalSignup(url=course.external_signup_url, organiser=course.partner_name)
        return None

    # --- for pages and calendars ----------------------------------------------

    @property
    def anchor(self) -> str:
        return f"tillfalle-{self.pk}"

    @property
    def introduction(self) -> str:
        """The course's introduction: the calendar entry's description uses it."""
        return self.course.introduction

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def days(self) -> int:
        return (timezone.localdate(self.ends_at) - timezone.localdate(self.starts_at)).days + 1


class OccasionRegistration(RegistrationBase):
    event = models.ForeignKey(
        CourseOccasion,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("kurstillfälle"),
    )

    class Meta(RegistrationBase.Meta):
        verbose_name = _("anmälan till kurstillfälle")
        verbose_name_plural = _("anmälningar till kurstillfällen")
