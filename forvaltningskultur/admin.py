"""Admin for the site's own content, plus the publishing helpers every app's admin uses."""

from datetime import timedelta

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import (
    auth_admin,  # noqa: F401 - users and groups, the permissions in Swedish
    outbox,
)
from .history import HistoryAdmin
from .models import AccessibilityStatement, CouncilMember, OutgoingMail, Page, StartPage
from .publishing import EditConflictAdminMixin, Reviewable, Status


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
            return queryset.published()
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("granskning")
    parameter_name = "granskning"

    def lookups(self, request, model_admin):
        return [
            ("forsenad", _("Försenad")),
            ("snart", _("Inom 30 dagar")),
            ("saknas", _("Datum saknas")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "forsenad":
            return queryset.filter(review_by__lt=today)
        if self.value() == "snart":
            return queryset.filter(review_by__gte=today, review_by__lte=today + timedelta(days=30))
        if self.value() == "saknas":
            return queryset.filter(review_by__isnull=True)
        return queryset


class PublishableAdmin(EditConflictAdminMixin, HistoryAdmin):
    """Base admin for content types: state column and filter, preview link, actions,
    the revision history (compare versions, restore an earlier one), and no silent
    overwrite of another editor's save (publishing.EditConflictAdminMixin)."""

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if isinstance(self.model, type) and issubclass(self.model, Reviewable):
            filters.append(ReviewDueFilter)
        return filters

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if issubclass(self.model, Reviewable) and "review_by" not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, (_("Granskning"), {"fields": ["review_by"]})]
        return fieldsets

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if issubclass(self.model, Reviewable) and "review_by" not in columns:
            columns.append("review_by")
        return columns

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

    @admin.action(description=_("Publicera nu"), permissions=["change"])
    def publish_now(self, request, queryset):
        """Publish now what may be published; a model that has rules for that says why
        not in `publishing_problems()`. save() per object, not update(): signals keep the
        search index, the page cache and the history current."""
        now, published = timezone.now(), 0
        for obj in queryset:
            problems = obj.publishing_problems() if hasattr(obj, "publishing_problems") else []
            if problems:
                self.message_user(
                    request,
                    _("”%(title)s” publicerades inte: %(problems)s")
                    % {"title": obj, "problems": " ".join(problems)},
                    level=messages.ERROR,
                )
                continue
            obj.status, obj.publish_at = Status.PUBLISHED, now
            obj.save(update_fields=["status", "publish_at", "updated_at"])
            published += 1
        self.message_user(request, _("%(n)d publicerades.") % {"n": published})

    @admin.action(description=_("Avpublicera (gör till utkast)"), permissions=["change"])
    def unpublish(self, request, queryset):
        for obj in queryset:
            obj.status = Status.DRAFT
            obj.save(update_fields=["status", "updated_at"])
        self.message_user(request, _("%(n)d gjordes till utkast.") % {"n": len(queryset)})


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "slot", "state", "updated_at", "preview_link"]
    search_fields = ["title", "body"]
    readonly_fields = ["preview_link"]
    fields = ["slot", "title", "introduction", "body", "status", "publish_at", "preview_link"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "is_chair", "order"]
    list_editable = ["order"]


class SingletonAdmin(EditConflictAdminMixin, HistoryAdmin):
    """There is exactly one of these: it can be changed, not added twice or deleted;
    a save from an out-of-date form is refused, as for content."""

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


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' own admin, with its clean-up action mended and declared."""

    @admin.action(description=_("Rensa utgångna inloggningsförsök"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        # axes reads the time it sets on its login path only; elsewhere the action failed.
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox: what went, what waits, what failed (and sending it again)."""

    view_on_site = False

    list_display = ["subject", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "subject", "recipient", "status", "attempts", "created_at", "next_attempt_at",
        "sent_at", "last_error",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Skicka igen"), permissions=["view"])
    def send_again(self, request, queryset):
        n = outbox.resend(queryset)
        self.message_user(request, _("%(n)d mejl läggs i kön igen.") % {"n": n})
