"""Admin for the library and the review of what agencies offer.

"Inkomna bidrag" (IncomingSubmission) is the queue: confirmed submissions waiting for
a decision. On a submission's page an editor edits it and then asks the submitter a
question, publishes it or declines it, each with a message that is mailed and logged.
Only the editor role (and superusers) have these pages: they hold the submitter's name
and address (roles.py, `submitter_data_role`).
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin import CheckboxesAdminMixin, PublishableAdmin

from . import services
from .models import (
    REVIEW_QUEUE,
    Agency,
    IncomingSubmission,
    Material,
    Resource,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ResourceInline(admin.StackedInline):
    model = Resource
    extra = 1
    fields = ["order", "title", "file", "url"]


@admin.register(Material)
class MaterialAdmin(CheckboxesAdminMixin, PublishableAdmin):
    list_display = ["title", "agency", "kind", "year", "is_example", "state", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter, "kind", "is_example", "agency"]
    search_fields = ["title", "agency__name", "description"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link"]
    inlines = [ResourceInline]
    fields = [
        "agency", "title", "slug", "kind", "description", "year", "themes", "principles",
        "licence", "contact_email", "reviewed_at", "is_example", "status", "publish_at",
        "preview_link",
    ]  # fmt: skip


# The buttons of a submission's page, each with what it does.
ASK, PUBLISH, DECLINE = "_fraga", "_publicera", "_avbojd"


class SubmissionForm(forms.ModelForm):
    message = forms.CharField(
        label=_("Meddelande till inlämnaren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skickas med knapparna nedan: frågan vid ”Ställ en fråga”, motiveringen vid "
            "”Avböj” (måste fyllas i), en hälsning vid ”Publicera” (frivilligt)."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        message = (cleaned.get("message") or "").strip()
        if ASK in self.data and not message:
            self.add_error("message", _("Skriv frågan till inlämnaren."))
        if DECLINE in self.data and not message:
            self.add_error(
                "message", _("Skriv varför bidraget avböjs: motiveringen mejlas till inlämnaren.")
            )
        if PUBLISH in self.data and not cleaned.get("agency") and not cleaned.get("agency_name"):
            self.add_error("agency", _("Välj myndigheten innan bidraget publiceras."))
        return cleaned


class EventInline(admin.StackedInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "action", "message", "user"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("logg")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(CheckboxesAdminMixin, admin.ModelAdmin):
    form = SubmissionForm
    change_form_template = "admin/material/submission/change_form.html"
    list_display = ["title", "agency_column", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "agency__name", "agency_name"]
    list_select_related = ["agency"]
    # No autocomplete for the agency: Django's asks only about Agency, and would answer
    # those who may not see submissions.
    inlines = [EventInline]
    readonly_fields = [
        "status",
        "created_at",
        "confirmed_at",
        "decided_at",
        "file_links",
        "published_link",
        "may_share",
        "mail_status",
    ]
    fieldsets = [
        (_("Materialet"), {"fields": [
            "status", "agency", "agency_name", "title", "kind", "description", "year",
            "file_links", "links", "themes", "licence", "contact_email", "may_share",
        ]}),
        (_("Inlämnaren (personuppgifter, raderas efter beslutet)"), {"fields": [
            "submitter_name", "submitter_email",
        ]}),
        (_("Beslut"), {"fields": [
            "created_at", "confirmed_at", "decided_at", "mail_status", "published_link", "message",
        ]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # submissions come through the public form

    @admin.display(description=_("myndighet"))
    def agency_column(self, obj):
        return obj.agency_display

    @admin.display(description=_("filer"))
    def file_links(self, obj):
        files = list(obj.files.all())
        if not files:
            return "–"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            ((f.file.url, f.original_name, f.format_description) for f in files),
        )

    @admin.display(description=_("publicerat material"))
    def published_link(self, obj):
        if not obj.material_id:
            return "–"
        url = reverse("admin:material_material_change", args=[obj.material_id])
        return format_html('<a href="{}">{}</a>', url, obj.material.title)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_decide"] = bool(
            obj and obj.in_review and self.has_change_permission(request, obj)
        )
        context["decide_buttons"] = [
            (ASK, _("Ställ en fråga")),
            (PUBLISH, _("Publicera")),
            (DECLINE, _("Avböj")),
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        message = (request.POST.get("message") or "").strip()
        decided = obj.in_review and self.has_change_permission(request, obj)
        if decided and ASK in request.POST:
            services.ask(obj, message, request.user)
            self.message_user(request, _("Frågan är skickad till inlämnaren."), messages.SUCCESS)
        elif decided and PUBLISH in request.POST:
            material = services.publish(obj, message, request.user)
            self.message_user(
                request,
                format_html(
                    _(
                        'Bidraget är publicerat som <a href="{}">{}</a>. Inlämnaren har fått ett mejl.'
                    ),
                    material.get_absolute_url(),
                    material.title,
                ),
                messages.SUCCESS,
            )
        elif decided and DECLINE in request.POST:
            services.decline(obj, message, request.user)
            self.message_user(
                request,
                _("Bidraget är avböjt. Inlämnaren har fått motiveringen."),
                messages.SUCCESS,
            )
        else:
            return super().response_change(request, obj)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


@admin.register(IncomingSubmission)
class IncomingSubmissionAdmin(SubmissionAdmin):
    """Inkomna bidrag: what waits for an editor's decision, oldest first."""

    list_filter = ["kind"]
    ordering = ["confirmed_at"]
    list_display = ["title", "agency_column", "kind", "status", "confirmed_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status__in=REVIEW_QUEUE)


__all__ = ["SubmissionStatus"]
