"""Admin for writers and their columns."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin import PublishableAdmin
from forvaltningskultur.history import HistoryAdmin
from forvaltningskultur.publishing import EditConflictAdminMixin
from forvaltningskultur.readability import LixAdminMixin

from .models import Author, Column


@admin.register(Author)
class AuthorAdmin(EditConflictAdminMixin, HistoryAdmin):
    list_display = ["name", "role", "organisation", "on_council", "column_count"]
    list_filter = ["on_council"]
    search_fields = ["name", "role", "organisation"]
    # Explicit: the column count's aggregate groups the query, and a grouped query drops
    # the model's own ordering, so the columns' writer picker listed writers in no order.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "organisation", "bio", "on_council"]}),
        (_("Porträtt"), {"fields": ["portrait", "portrait_alt", "portrait_decorative"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(column_total=Count("columns"))

    @admin.display(description=_("krönikor"), ordering="column_total")
    def column_count(self, obj):
        return obj.column_total


@admin.register(Column)
class ColumnAdmin(LixAdminMixin, PublishableAdmin):
    list_display = ["title", "author", "language", "publish_at", "state", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter, "language", "author"]
    list_select_related = ["author"]
    search_fields = ["title", "introduction", "body", "author__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    date_hierarchy = "publish_at"
    readonly_fields = ["preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "introduction", "body", "language"]}),
        (_("Publicering"), {"fields": ["status", "publish_at", "preview_link"]}),
    ]
