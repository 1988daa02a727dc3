"""Admin for the site's own content, plus the publishing helpers every app's admin uses."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessibilityStatement, CouncilMember, Page, StartPage
from .publishing import Status
from .uploads import CheckedImageField


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publiceringsläge")
    parameter_name = "lage"

    def lookups(self, request, model_admin):
        return [
            ("utkast", _("Utkast")),
            ("schemalagd", _("Schemalagd")),
            ("publicerad", _("Publicerad")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "utkast":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "schemalagd":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "publicerad":
            return queryset.filter(status=Status.PUBLISHED, publish_at__lte=now)
        return queryset


class PublishableAdmin(SimpleHistoryAdmin):
    """Base admin for content types: state column and filter, preview link, actions,
    and the revision history (compare versions, restore an earlier one)."""

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageField}}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inlines (speakers, questions…) are saved after the object: index it again.
        from .search import index_object

        index_object(form.instance)

    @admin.display(description=_("läge"))
    def state(self, obj):
        return obj.publication_state

    @admin.display(description=_("förhandsgranska"))
    def preview_link(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            _("Förhandsgranska"),
        )

    @admin.action(description=_("Publicera nu"))
    def publish_now(self, request, queryset):
        # save() per object, not update(): signals keep search and caches current.
        now = timezone.now()
        for obj in queryset:
            obj.status, obj.publish_at = Status.PUBLISHED, now
            obj.save(update_fields=["status", "publish_at", "updated_at"])
        self.message_user(request, _("%(n)d publicerades.") % {"n": len(queryset)})

    @admin.action(description=_("Avpublicera (gör till utkast)"))
    def unpublish(self, request, queryset):
        for obj in queryset:
            obj.status = Status.DRAFT
            obj.save(update_fields=["status", "updated_at"])
        self.message_user(request, _("%(n)d gjordes till utkast.") % {"n": len(queryset)})


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "slot", "state", "updated_at", "preview_link"]
    list_filter = [*PublishableAdmin.list_filter]
    search_fields = ["title", "body"]
    readonly_fields = ["preview_link"]
    fields = ["slot", "title", "introduction", "body", "status", "publish_at", "preview_link"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "is_chair", "order"]
    list_editable = ["order"]


class SingletonAdmin(SimpleHistoryAdmin):
    """There is exactly one of these: it can be changed, not added twice or deleted."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StartPage)
class StartPageAdmin(SingletonAdmin):
    fieldsets = [
        (None, {"fields": ["heading", "introduction"]}),
        (_("De tre erbjudandena"), {"fields": [
            "seminars_heading", "seminars_text", "courses_heading", "courses_text",
            "material_heading", "material_text",
        ]}),
        (_("Aktuellt och länkar"), {"fields": ["dilemmas_text", "vardegrund_text", "vardegrund_url"]}),
    ]  # fmt: skip


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingletonAdmin):
    list_display = ["__str__", "compliance", "assessed_on", "updated_at"]
