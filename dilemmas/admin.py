"""Admin for dilemma cases, themes, principles, codes of ethics and download counts.

A case is not published without at least one principle, one theme and two questions:
the form checks principles and themes, the questions' formset counts the questions,
and the "Publicera nu" action asks the model.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin import CheckboxesAdminMixin, PublishableAdmin
from forvaltningskultur.publishing import EditConflictAdminMixin, Status
from forvaltningskultur.readability import LixAdminMixin

from .models import (
    Attachment,
    CodeOfEthics,
    Dilemma,
    DownloadCount,
    Principle,
    Question,
    Rule,
    Theme,
    publishing_problems,
)


class QuestionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        count = sum(
            1
            for form in self.forms
            if form.cleaned_data.get("text") and not form.cleaned_data.get("DELETE")
        )
        if problem := publishing_problems(questions=count).get("questions"):
            raise ValidationError(problem)


# Stacked, not tabular: each input has its own label, and the rules' five columns no
# longer make the form 1 800 px wide.
class QuestionInline(admin.StackedInline):
    model = Question
    formset = QuestionFormSet
    extra = 3
    fields = ["text", "order"]


class RuleInline(admin.StackedInline):
    model = Rule
    extra = 1
    fields = [("act", "section"), "note", ("url", "order")]


class AttachmentInline(admin.StackedInline):
    model = Attachment
    extra = 0
    fields = [("title", "order"), "file"]


class DilemmaForm(forms.ModelForm):
    """The admin's form for a case; the admin supplies the model and fields."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PUBLISHED:
            errors = publishing_problems(
                principles=len(cleaned.get("principles") or ()),
                themes=len(cleaned.get("themes") or ()),
            )
            if errors:
                raise ValidationError(errors)
        return cleaned


@admin.register(Dilemma)
class DilemmaAdmin(CheckboxesAdminMixin, LixAdminMixin, PublishableAdmin):
    form = DilemmaForm
    list_display = ["title", "audience", "minutes", "state", "publish_at", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter, "themes", "principles", "audience", "source"]
    search_fields = ["title", "introduction", "scenario"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link", "updated_at"]
    inlines = [QuestionInline, RuleInline, AttachmentInline]

    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "scenario"]}),
        (_("Stöd till samtalsledaren"), {"fields": ["leader_guide"]}),
        (_("Värdegrund och teman"), {"fields": ["principles", "themes", "related"]}),
        (_("Användning"), {"fields": ["audience", "minutes", "source", "source_agency", "licence", "licence_url"]}),
        (_("Publicering"), {"fields": ["status", "publish_at", "preview_link", "updated_at"]}),
    ]  # fmt: skip


@admin.register(Theme)
class ThemeAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Principle)
class PrincipleAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    """The six principles come from the constitution; editors may refine the texts."""

    list_display = ["name", "legal_source", "order"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CodeOfEthics)
class CodeOfEthicsAdmin(LixAdminMixin, PublishableAdmin):
    lix_fields = ("summary",)
    list_display = ["agency", "title", "year", "is_example", "state", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter, "is_example"]
    search_fields = ["agency", "title"]
    readonly_fields = ["preview_link"]
    fields = [
        "agency", "title", "year", "summary", "file", "url", "link_format", "is_example",
        "status", "publish_at",
    ]  # fmt: skip


@admin.register(DownloadCount)
class DownloadCountAdmin(admin.ModelAdmin):
    """Read-only statistics: month, what was downloaded, how many times."""

    list_display = ["month_label", "kind", "dilemma", "pack", "count"]
    list_filter = ["kind", "month"]
    search_fields = ["dilemma__title", "pack"]
    list_select_related = ["dilemma"]
    date_hierarchy = "month"

    @admin.display(description=_("månad"), ordering="month")
    def month_label(self, obj):
        return f"{obj.month:%Y-%m}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
