"""Admin for seminars: speakers and films inline, sign-up counts, registrations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin import PublishableAdmin
from forvaltningskultur.readability import LixAdminMixin
from forvaltningskultur.registration.admin import (
    EVENT_FIELDSETS,
    MailFailedFilter,
    RegistrableEventAdminMixin,
    RegistrationAdmin,
    RegistrationInline,
)

from .models import Film, Seminar, SeminarRegistration, Speaker


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 0
    fields = [("name", "order"), ("title", "organisation"), "bio", ("photo", "photo_alt")]


class FilmInline(admin.StackedInline):
    model = Film
    extra = 0
    fields = [
        ("title", "order"),
        ("video", "external_url"),
        "captions",
        ("transcript_file", "duration_minutes"),
        "transcript",
        ("follows_seminar", "status", "publish_at"),
    ]


class SeminarRegistrationInline(RegistrationInline):
    model = SeminarRegistration


@admin.register(Seminar)
class SeminarAdmin(LixAdminMixin, RegistrableEventAdminMixin, PublishableAdmin):
    # Few, narrow columns: the list fits 1280 px beside the sidebar and the filters.
    list_display = ["title", "when", "state", "seats_column", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter, "is_cancelled", "is_online", MailFailedFilter]
    search_fields = ["title", "introduction", "speakers__name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    actions = [*PublishableAdmin.actions, "export_registrations"]
    readonly_fields = ["preview_link", "ics_sequence"]
    inlines = [SpeakerInline, FilmInline, SeminarRegistrationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "body"]}),
        (_("Bild"), {"fields": ["image", "image_alt", "image_decorative"]}),
        *EVENT_FIELDSETS,
        (
            _("Mejl från webbplatsen"),
            {"fields": ["sends_reminder", "reminder_at", "sends_film_mail"]},
        ),
        (
            _("Publicering"),
            {"fields": ["status", "publish_at", "is_filmed", "preview_link", "ics_sequence"]},
        ),
    ]


@admin.register(SeminarRegistration)
class SeminarRegistrationAdmin(RegistrationAdmin):
    pass
