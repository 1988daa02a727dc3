"""Admin for the site's own content, plus the publishing helpers every app's admin uses."""

from datetime import timedelta

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import (
    auth_admin,  # noqa: F401 - users and groups, the permissions in Swedish
    outbox,
    roles,
)
from .history import HistoryAdmin
from .models import AccessibilityStatement, CouncilMember, OutgoingMail, Page, StartPage
from .publishing import DRAFT_PREVIEW_PARAMETER, EditConflictAdminMixin, Reviewable, Status
from .readability import LixAdminMixin


class CheckboxesAdminMixin:
    """The many-to-many fields named in `checkbox_fields` as check boxes, instead of
    Django's two-box filter, whose script labels its search icons in a way axe finds
    screen readers are not given (aria-label on a span without a role)."""

    checkbox_fields = ("themes", "principles")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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


# --- Publishing buttons ---------------------------------------------------------------
#
# The change form of a publishable has buttons instead of the raw status and time: the
# fields stay in the form (hidden), so every check that reads them (a case's themes and
# questions, a film's captions) judges what the button asks for. Before the admin reads
# the form, changeform_view writes the status and time the pressed button means into
# the posted data; a posted status or time counts only with the admin's own "_save"
# buttons (scripts, older tests), never with these.

SAVE_DRAFT, SAVE_CHANGES, PUBLISH, SCHEDULE, UNPUBLISH = (
    "_save_draft",
    "_save_changes",
    "_publish",
    "_schedule",
    "_unpublish",
)
PUBLISHING_ACTIONS = (SAVE_DRAFT, SAVE_CHANGES, PUBLISH, SCHEDULE, UNPUBLISH)
SCHEDULE_FIELD = "_schedule_at"
SCHEDULE_INPUT_ID = "id_schedule_at"
SCHEDULE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def _pressed(request):
    return next((name for name in PUBLISHING_ACTIONS if name in request.POST), None)


def _split(value):
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


class PublishingFormMixin:
    """Mixed into a publishable's admin form: a time chosen with "Schemalägg" must lie
    ahead (an earlier one would publish at once, which is "Publicera")."""

    _publishing_action = None

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if self._publishing_action == SCHEDULE and value and value <= timezone.now():
            raise forms.ValidationError(
                _("Välj en tid framåt i tiden. Vill du publicera nu, välj Publicera.")
            )
        return value


class PublishableAdmin(EditConflictAdminMixin, HistoryAdmin):
    """Base admin for content types: state column and filter, preview link, actions,
    the publishing buttons and status line, the revision history (compare versions,
    restore an earlier one), and no silent overwrite of another editor's save
    (publishing.EditConflictAdminMixin)."""

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]
    change_form_template = "admin/publishing/change_form.html"

    def has_publish_permission(self, request, obj=None):
        """Publishing, scheduling and unpublishing are changes: the change permission
        (the add permission for a new item). Checked in the view, not only in the page."""
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "status" and db_field.model is self.model:
            return forms.ChoiceField(
                choices=Status.choices, widget=forms.HiddenInput, label=db_field.verbose_name
            )
        if db_field.name == "publish_at" and db_field.model is self.model:
            return forms.SplitDateTimeField(
                widget=forms.SplitHiddenDateTimeWidget, label=db_field.verbose_name
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {"_publishing_action": getattr(request, "_publishing_action", None)}
        return type(form.__name__, (PublishingFormMixin, form), attrs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and (action := _pressed(request)):
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            if object_id and obj is None:
                return super().changeform_view(request, object_id, form_url, extra_context)
            if not self.has_publish_permission(request, obj):
                raise PermissionDenied
            request.POST = self._posted_for(request, action, obj)
            request._publishing_action = action
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _posted_for(self, request, action, obj):
        """The posted data with the status and time the button means; "_continue" so
        that the editor stays on the form and sees its new status line."""
        post = request.POST.copy()
        now = timezone.now()
        status = obj.status if obj else Status.DRAFT
        when = obj.publish_at if obj else now
        if action == SAVE_DRAFT:
            status = Status.DRAFT
        elif action == PUBLISH:
            # Published already: the first publishing time stays (the page says it).
            if not (obj and obj.is_published):
                status, when = Status.PUBLISHED, now
        elif action == SCHEDULE:
            status = Status.PUBLISHED
            raw = post.get(SCHEDULE_FIELD, "").strip()
            parsed = forms.DateTimeField(input_formats=SCHEDULE_FORMATS, required=False)
            try:
                when = parsed.clean(raw)
            except forms.ValidationError:
                when = None
            if when is None:
                # An empty or unreadable time: the form says so, linked to the field.
                post.setlist("publish_at_0", [raw or ""])
                post.setlist("publish_at_1", [""])
                post["status"] = status
                post["_continue"] = "1"
                return post
        elif action == UNPUBLISH:
            status = Status.DRAFT
        post["status"] = status
        post["publish_at_0"], post["publish_at_1"] = _split(when)
        post["_continue"] = "1"
        return post

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = getattr(request, "_publishing_action", None)
        text = {
            SAVE_DRAFT: _("Utkastet sparades. Besökarna ser det inte."),
            SAVE_CHANGES: _("Ändringarna sparades."),
            PUBLISH: _("Publicerat: syns nu för besökarna."),
            SCHEDULE: obj.publication_status_line,
            UNPUBLISH: _("Avpublicerat: syns inte längre för besökarna."),
        }.get(action)
        if text:
            self.message_user(request, text)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        shown = obj if obj is not None and obj.pk else None
        if form.is_bound and not form.is_valid() and shown is not None:
            # A refused form: the line says what is saved, not what was asked for.
            shown = type(obj)._base_manager.filter(pk=obj.pk).first()
        schedule_value = request.POST.get(SCHEDULE_FIELD, "") if form.is_bound else ""
        if not schedule_value and shown is not None and shown.publish_at > timezone.now():
            schedule_value = timezone.localtime(shown.publish_at).strftime("%Y-%m-%dT%H:%M")
        # The error summary (admin_errors.py) links the publishing time to where it is set.
        form.error_summary_targets = {"publish_at": (_("Publiceringstid"), f"#{SCHEDULE_INPUT_ID}")}
        context["publishing"] = {
            "kind": "publishable",
            "status_line": shown.publication_status_line if shown else _("Utkast (inte sparat)"),
            "is_draft": shown is None or shown.status != Status.PUBLISHED,
            "is_scheduled": shown is not None
            and shown.status == Status.PUBLISHED
            and shown.publish_at > timezone.now(),
            "is_published": shown is not None and shown.is_published,
            "may_publish": self.has_publish_permission(request, obj if change else None),
            "schedule_field": SCHEDULE_FIELD,
            "schedule_id": SCHEDULE_INPUT_ID,
            "schedule_value": schedule_value,
            "schedule_open": bool(form.is_bound and request.POST.get(SCHEDULE)),
            "preview_url": shown.get_absolute_url() if shown else "",
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        return obj.publication_status_line

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
class PageAdmin(LixAdminMixin, PublishableAdmin):
    list_display = ["title", "slot", "state", "updated_at", "preview_link"]
    search_fields = ["title", "body"]
    fields = ["slot", "title", "introduction", "body", "status", "publish_at"]


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


class DraftSingletonAdmin(SingletonAdmin):
    """A DraftCopy singleton (publishing.DraftCopy): the form edits the draft;
    "Spara utkast" keeps it from the public, "Publicera" makes it the page."""

    change_form_template = "admin/publishing/change_form.html"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return obj.with_draft() if obj is not None and obj.has_draft else obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and (action := _pressed(request)):
            if action not in (SAVE_DRAFT, PUBLISH):
                raise PermissionDenied
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            allowed = (
                self.has_change_permission(request, obj)
                if obj is not None
                else self.has_add_permission(request)
            )
            if not allowed:
                raise PermissionDenied
            post = request.POST.copy()
            post["_continue"] = "1"
            request.POST = post
            request._publishing_action = action
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        action = getattr(request, "_publishing_action", None)
        now = timezone.now()
        if action == PUBLISH or action is None:
            obj.draft, obj.draft_saved_at, obj.published_at = None, None, now
            super().save_model(request, obj, form, change)
        elif change:
            stored = type(obj)._base_manager.get(pk=obj.pk)
            stored.draft, stored.draft_saved_at = obj.draft_values(), now
            stored.save()
            obj.published_at, obj.draft, obj.draft_saved_at = (
                stored.published_at,
                stored.draft,
                now,
            )
        else:  # the first save of a draft: the row exists, nothing is public yet
            obj.draft, obj.draft_saved_at, obj.published_at = obj.draft_values(), now, None
            super().save_model(request, obj, form, change)
        text = {
            SAVE_DRAFT: _("Utkastet sparades. Besökarna ser det först när du publicerar."),
            PUBLISH: _("Publicerat: syns nu för besökarna."),
        }.get(action)
        if text:
            self.message_user(request, text)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        stored = type(obj)._base_manager.filter(pk=obj.pk).first() if obj and obj.pk else None
        preview_url = ""
        if stored is not None:
            preview_url = f"{stored.get_absolute_url()}?{DRAFT_PREVIEW_PARAMETER}=1"
        context["publishing"] = {
            "kind": "draft_copy",
            "status_line": stored.publication_status_line if stored else _("Utkast (inte sparat)"),
            "has_draft": bool(stored and (stored.has_draft or stored.published_at is None)),
            "may_publish": self.has_change_permission(request, obj)
            if change
            else self.has_add_permission(request),
            "preview_url": preview_url,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(StartPage)
class StartPageAdmin(DraftSingletonAdmin):
    fieldsets = [
        (None, {"fields": ["heading", "introduction"]}),
        (_("De tre erbjudandena"), {"fields": [
            "seminars_heading", "seminars_text", "courses_heading", "courses_text",
            "material_heading", "material_text",
        ]}),
        (_("Aktuellt och länkar"), {"fields": ["dilemmas_text", "vardegrund_text", "vardegrund_url"]}),
    ]  # fmt: skip


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(DraftSingletonAdmin):
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

    def get_queryset(self, request):
        """Mails to someone who offered material only for those who may see them."""
        from .admin_site import may

        queryset = super().get_queryset(request)
        hidden = [
            model._meta.label_lower
            for model in roles.submitter_data_models()
            if not may(request, "view", model)
        ]
        return queryset.exclude(about_type__in=hidden) if hidden else queryset

    @admin.action(description=_("Skicka igen"), permissions=["view"])
    def send_again(self, request, queryset):
        n = outbox.resend(queryset)
        self.message_user(request, _("%(n)d mejl läggs i kön igen.") % {"n": n})
