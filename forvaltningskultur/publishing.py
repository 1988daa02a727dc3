"""Publishing: draft/published, scheduling by `publish_at`, and staff preview.

Every public list, page, feed, sitemap, search result and start-page block reads
through `published()`. Filtering at query time makes scheduling work without cron.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, request):
        """Everything for staff who may edit it (and so preview), what is published for
        everyone else."""
        return self if can_preview(request, self.model) else self.published()


class Publishable(models.Model):
    """Abstract base for every public content type."""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Utkast syns bara för redaktörer. Publicerat syns från publiceringstiden."),
    )
    publish_at = models.DateTimeField(
        _("publiceringstid"),
        default=timezone.now,
        db_index=True,
        help_text=_("Sätt en tid i framtiden för att schemalägga publiceringen."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = PublishableQuerySet.as_manager()
    # Every content type keeps its revisions: who changed what, when; restorable in admin.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def publication_state(self) -> str:
        """'Utkast', 'Schemalagd' or 'Publicerad', for admin and the preview banner."""
        if self.status != Status.PUBLISHED:
            return str(_("Utkast"))
        if self.publish_at > timezone.now():
            return str(_("Schemalagd"))
        return str(_("Publicerad"))


class Reviewable(models.Model):
    """Material that goes stale: a "granska senast" date and an admin filter for overdue."""

    review_by = models.DateField(
        _("granska senast"),
        null=True,
        blank=True,
        help_text=_("Datum då innehållet senast ska ses över så att det inte blir inaktuellt."),
    )

    class Meta:
        abstract = True


def can_preview(request, model) -> bool:
    """Drafts of `model` are for the staff who may edit it: being staff, or allowed only
    to view it (the registrations role), opens no unpublished text."""
    from .admin_site import may

    return hasattr(request, "user") and may(request, "change", model)


class PublishedObjectMixin:
    """For DetailView-style views: the public get published objects, staff also drafts.

    Staff looking at an unpublished object see the page as the public would, with the
    "Förhandsgranskning" banner (`preview` in the context).
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response
