"""Admin for courses: occasions inline with their sign-up counts; occasions and their
registrations through the shared engine's admin (counts, CSV, waiting list, attendance)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin import PublishableAdmin
from forvaltningskultur.publishing import EditConflictAdminMixin
from forvaltningskultur.readability import LixAdminMixin
from forvaltningskultur.registration.admin import (
    EVENT_FIELDSETS,
    MailFailedFilter,
    RegistrableEventAdminMixin,
    RegistrationAdmin,
    RegistrationInline,
    after_inline_events_saved,
)

from .models import Course, CourseOccasion, OccasionRegistration


def _registrations_link(occasion):
    if not occasion.pk:
        return "–"
    url = reverse("admin:courses_occasionregistration_changelist")
    return format_html(
        '<a href="{}?event__id__exact={}">{}</a>',
        url,
        occasion.pk,
        _("%(confirmed)d av %(capacity)d platser, %(waiting)d på väntelistan")
        % {
            "confirmed": occasion.confirmed_count,
            "capacity": occasion.capacity,
            "waiting": occasion.waitlist_count,
        },
    )


class CourseOccasionInline(admin.StackedInline):
    model = CourseOccasion
    extra = 0
    show_change_link = True
    fields = [
        ("starts_at", "ends_at"),
        ("is_online", "venue", "address"),
        "online_url",
        ("capacity", "signup_opens_at", "signup_closes_at"),
        ("is_cancelled", "is_draft"),
        ("sends_reminder", "reminder_at"),
        "registrations",
    ]
    readonly_fields = ["registrations"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("anmälningar"))
    def registrations(self, obj):
        return _registrations_link(obj)


@admin.register(Course)
class CourseAdmin(LixAdminMixin, PublishableAdmin):
    list_display = [
        "title",
        "organiser_column",
        "next_occasion",
        "review_by",
        "state",
        "preview_link",
    ]
    list_filter = [*PublishableAdmin.list_filter, "organiser"]
    search_fields = ["title", "introduction", "target_group", "partner_name"]
    # Explicit: next_start's aggregate groups the query, and a grouped query drops the
    # model's own ordering, so the occasions' course picker listed courses in no order.
    ordering = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link"]
    inlines = [CourseOccasionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "body", "target_group"]}),
        (
            _("Arrangör"),
            {"fields": ["organiser", "partner_name", "partner_url", "external_signup_url"]},
        ),
        (_("Publicering"), {"fields": ["status", "publish_at", "review_by", "preview_link"]}),
    ]

    def get_queryset(self, request):
        # Staff plan with drafts too: a draft occasion counts as the next one here.
        return super().get_queryset(request).with_next_start(drafts=True)

    @admin.display(description=_("arrangör"), ordering="organiser")
    def organiser_column(self, obj):
        return obj.organiser_name

    @admin.display(description=_("nästa tillfälle"), ordering="next_start")
    def next_occasion(self, obj):
        return obj.next_start or "–"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is CourseOccasion:
            after_inline_events_saved(self, request, formset)


class OccasionRegistrationInline(RegistrationInline):
    model = OccasionRegistration


@admin.register(CourseOccasion)
class CourseOccasionAdmin(EditConflictAdminMixin, RegistrableEventAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "when",
        "place",
        "is_draft",
        "seats_column",
    ]
    list_filter = ["is_cancelled", "is_draft", "is_online", "course", MailFailedFilter]
    list_select_related = ["course"]
    search_fields = ["course__title", "venue"]
    date_hierarchy = "starts_at"
    actions = ["export_registrations"]
    autocomplete_fields = ["course"]
    readonly_fields = ["ics_sequence"]
    inlines = [OccasionRegistrationInline]
    fieldsets = [
        (None, {"fields": ["course", "is_draft"]}),
        *EVENT_FIELDSETS,
        (_("Påminnelse"), {"fields": ["sends_reminder", "reminder_at"]}),
        (_("Kalender"), {"fields": ["ics_sequence"]}),
    ]


@admin.register(OccasionRegistration)
class OccasionRegistrationAdmin(RegistrationAdmin):
    event_select_related = ("course",)  # the occasion's title is its course's
