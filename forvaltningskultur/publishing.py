"""Publishing: draft/published, scheduling by `publish_at`, and staff preview.

Every public list, page, feed, sitemap, search result and start-page block reads
through `published()`. Filtering at query time makes scheduling work without cron.
"""

import datetime
import hashlib
import json

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, quote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
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

    @property
    def publication_status_line(self) -> str:
        """'Utkast', 'Publicerad onsdagen den 3 maj 2017 kl. 13.00' or 'Schemalagd:
        publiceras …': the form's status line, the list's column, the preview banner."""
        return status_line(self.status, self.publish_at)

    @property
    def published_on(self):
        """The publishing time to show on the page, None while it is not public: a
        previewed draft never claims to be published."""
        return self.publish_at if self.is_published else None


def status_line(status, publish_at) -> str:
    from .dates import long_datetime

    if status != Status.PUBLISHED or publish_at is None:
        return str(_("Utkast"))
    when = long_datetime(publish_at)
    if publish_at > timezone.now():
        return gettext("Schemalagd: publiceras %(when)s") % {"when": when}
    return gettext("Publicerad %(when)s") % {"when": when}


class DraftCopy(models.Model):
    """A page that exists once (the start page, the accessibility statement), edited as
    a draft: the model's fields are what the public sees; `draft` holds the saved, not
    yet published, values of the same fields (as strings, `Field.value_to_string`).
    "Publicera" writes the draft into the fields and empties it. Created in code, a row
    is published (`published_at` now); the admin's first "Spara utkast" leaves it None."""

    draft = models.JSONField(_("opublicerat utkast"), null=True, blank=True, editable=False)
    draft_saved_at = models.DateTimeField(
        _("utkastet sparat"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(
        _("publicerad"), null=True, blank=True, default=timezone.now, editable=False
    )

    class Meta:
        abstract = True

    @classmethod
    def draft_fields(cls):
        return [
            f
            for f in cls._meta.concrete_fields
            if f.editable and not f.primary_key and not getattr(f, "auto_now", False)
        ]

    @property
    def has_draft(self) -> bool:
        return bool(self.draft)

    def draft_values(self) -> dict:
        return {f.attname: f.value_to_string(self) for f in self.draft_fields()}

    def with_draft(self):
        """A copy of this row with the draft's values: what "Publicera" would make public."""
        copy = type(self)()
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_state"})
        copy._state.adding, copy._state.db = self._state.adding, self._state.db
        for field in self.draft_fields():
            if self.draft and field.attname in self.draft:
                setattr(copy, field.attname, field.to_python(self.draft[field.attname]))
        return copy

    @property
    def publication_status_line(self) -> str:
        from .dates import long_datetime

        if self.published_at is None:
            return str(_("Utkast"))
        line = gettext("Publicerad %(when)s") % {"when": long_datetime(self.published_at)}
        if self.has_draft and self.draft_saved_at:
            line += gettext(" · Ett opublicerat utkast sparades %(when)s") % {
                "when": long_datetime(self.draft_saved_at)
            }
        return line


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


def admin_change_url(request, obj) -> str:
    """The admin change form of `obj` for a user who may change it, else ""."""
    from django.urls import NoReverseMatch

    from .admin_site import may

    if obj.pk is None or not may(request, "change", type(obj)):
        return ""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    except NoReverseMatch:
        return ""


def preview_context(request, obj, state=None) -> dict:
    """What the preview banner (includes/preview_banner.html) shows: the state of what is
    previewed and the way back to its change form."""
    if state is None:
        state = obj.publication_status_line
    return {
        "preview": True,
        "preview_state": state,
        "preview_edit_url": admin_change_url(request, obj),
    }


DRAFT_PREVIEW_PARAMETER = "utkast"


def draft_copy_for(request, obj):
    """`obj` (a DraftCopy) as the request should see it, and the preview context: the
    draft, with the banner, for staff who may change it and ask for it (?utkast=1)."""
    if (
        obj is not None
        and request.GET.get(DRAFT_PREVIEW_PARAMETER)
        and can_preview(request, type(obj))
        and (obj.has_draft or obj.published_at is None)
    ):
        return obj.with_draft(), preview_context(request, obj, gettext("Utkast"))
    if obj is not None and obj.published_at is None:
        return None, {"preview": False}
    return obj, {"preview": False}


class PreviewResponseMixin:
    """A page whose context says `preview` (staff looking at a draft) is never stored by
    a cache and never indexed."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response


class PublishedObjectMixin(PreviewResponseMixin):
    """For DetailView-style views: the public get published objects, staff also drafts.

    Staff looking at an unpublished object see the page as the public would, with the
    "Förhandsgranskning" banner (`preview` in the context).
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.is_published:
            context.update(preview_context(self.request, self.object))
        else:
            context["preview"] = False
        return context


# --- Edit conflicts in admin ------------------------------------------------------------
#
# Two editors open the same item; A saves; B then saves a form loaded before A's save.
# Without a check B's form silently writes A's changes back. The change form carries, in
# a hidden field, a digest of every value a save of that form would write (each field,
# each inline's rows) as it was when the form was loaded. On save, with the row locked
# (select_for_update on PostgreSQL; SQLite's IMMEDIATE transactions hold the write lock),
# the digests are taken again: if any differs, nothing is saved and the form comes back
# with what B typed and a message naming who changed which fields. Digests rather than
# `updated_at`: they also name *what* changed, need no migration, work for models without
# `updated_at`, and a save that changed nothing refuses no one.

EDITED_VERSION_FIELD = "loaded_version"


class EditedVersionField(forms.CharField):
    """The loaded version: a token, not content, so never "changed" (not in the change
    message, not in `changed_data`)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("inläst version"), **kwargs)

    def has_changed(self, initial, data):
        return False


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def _model_field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete or field.many_to_many else None


def _value(obj, field):
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    value = field.value_from_object(obj)
    if isinstance(value, datetime.datetime | datetime.time):
        # The form shows seconds: a save that only cut off the microseconds of a time
        # set in code changed nothing an editor could lose.
        value = value.replace(microsecond=0)
    return value


def _join(items) -> str:
    """For a sentence: a; a och b; a, b och c."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s och %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


class _EditedVersionForm:
    """Mixed into an admin change form by `EditConflictAdminMixin.get_form`."""

    _conflict_admin = None
    _conflict_request = None
    _conflict_revert = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            obj = self.instance
            if self._conflict_revert:  # the form shows an old version; a save replaces today's
                obj = type(obj)._base_manager.get(pk=obj.pk)
            self.initial[EDITED_VERSION_FIELD] = self._token(obj)

    def _state(self, obj) -> dict:
        """{key: (label, digest)}: what a save of this form writes, as `obj` has it now."""
        state = {}
        for name in self.fields:
            if field := _model_field(type(obj), name):
                state[name] = (capfirst(field.verbose_name), _digest(_value(obj, field)))
        if self._conflict_revert:  # the restore page writes the item's own fields only
            return state
        admin, request = self._conflict_admin, self._conflict_request
        for formset_class, inline in admin.get_formsets_with_inlines(request, obj):
            names = [n for n in formset_class.form.base_fields if _model_field(inline.model, n)]
            if not names:  # read-only here (the sign-ups on an event's page): never written
                continue
            formset = formset_class(instance=obj, queryset=inline.get_queryset(request))
            rows = [
                (row.pk, [_value(row, inline.model._meta.get_field(n)) for n in names])
                for row in formset.get_queryset().order_by("pk")
            ]
            state[f"inline:{type(inline).__name__}"] = (
                capfirst(inline.verbose_name_plural),
                _digest(rows),
            )
        return state

    def _history(self, obj):
        attribute = getattr(obj._meta, "simple_history_manager_attribute", None)
        return getattr(obj, attribute).order_by("-history_id") if attribute else None

    def _token(self, obj, state=None) -> str:
        history = self._history(obj)
        latest = history.values_list("history_id", flat=True).first() if history else None
        digests = {key: digest for key, (_label, digest) in (state or self._state(obj)).items()}
        return json.dumps({"h": latest, "v": digests}, separators=(",", ":"))

    def clean(self):
        self._refuse_if_stale()
        return super().clean()

    def _refuse_if_stale(self):
        key = self.add_prefix(EDITED_VERSION_FIELD)
        if self.instance.pk is None or not self.data.get(key):
            return  # an add form, or a form opened before this check existed
        try:
            loaded = json.loads(self.data[key])
            since, loaded_digests = loaded["h"], dict(loaded["v"])
        except (ValueError, TypeError, KeyError):
            return
        model = type(self.instance)
        using = router.db_for_write(model)
        rows = model._base_manager.using(using).filter(pk=self.instance.pk)
        if transaction.get_connection(using).in_atomic_block:
            rows = rows.select_for_update()  # held until the save commits
        current = rows.first()
        if current is None:
            return
        if isinstance(current, DraftCopy) and current.has_draft:
            current = current.with_draft()  # the form edits the draft
        state = self._state(current)
        changed = [
            label
            for name, (label, digest) in state.items()
            if name in loaded_digests and loaded_digests[name] != digest
        ]
        if not changed:
            return
        self.add_error(None, ValidationError(self._message(current, since, changed), "stale"))
        # What the editor typed stays; the form now carries today's version, so a second
        # save, after the message, replaces the other editor's changes knowingly.
        self.data = self.data.copy()
        self.data[key] = self._token(current, state)

    def _message(self, current, since, changed):
        editors = self._editors_since(current, since)
        opts = current._meta
        url = reverse(
            f"{self._conflict_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(current.pk)],
        )
        return format_html(
            gettext(
                "{who} har ändrat {fields} sedan du öppnade sidan, så inget sparades. "
                "Det du skrev finns kvar nedan. "
                '<a href="{url}" target="_blank" rel="noopener">'
                "Öppna den sparade versionen i en ny flik</a> och jämför. Sparar du igen "
                "ersätts de ändringarna med det som står här."
            ),
            who=capfirst(_join(editors)),
            fields=_join(f"”{label}”" for label in changed),
            url=url,
        )

    def _editors_since(self, current, since) -> list[str]:
        """Who saved since the form was loaded, newest first, from the revision history;
        "någon annan" for a save without a known user (or without a history)."""
        someone = gettext("någon annan")
        history = self._history(current)
        if history is None:
            return [someone]
        records = list(history.filter(history_id__gt=since)[:20]) if since else []
        records = records or list(history[:1])
        names = []
        for record in records:
            user = record.history_user
            name = (user.get_full_name() or user.get_username()) if user else someone
            if name not in names:
                names.append(name)
        if someone in names:  # last: "Anna och någon annan"
            names.remove(someone)
            names.append(someone)
        return names or [someone]


class EditConflictAdminMixin:
    """For a ModelAdmin (SimpleHistoryAdmin or not): a change form saved after someone
    else changed what it writes is refused, with what was typed kept. Put it first among
    the bases. The check runs in the form's clean(), inside the admin's transaction, so
    "Spara", "Spara och fortsätt", "Spara och lägg till ny" and the history's restore page
    all have it; the list's actions save without a form and are not affected (a form
    opened before an action changed the item is refused, as after any other save)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets = [
                *fieldsets,
                (None, {"fields": [EDITED_VERSION_FIELD], "classes": ["hidden"]}),
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change, **kwargs)
        if "fields" in kwargs:
            fields = kwargs["fields"]
        else:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != EDITED_VERSION_FIELD]
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {
            EDITED_VERSION_FIELD: EditedVersionField(),
            "_conflict_admin": self,
            "_conflict_request": request,
            "_conflict_revert": getattr(request, "_edit_conflict_revert", False),
        }
        return type(form.__name__, (_EditedVersionForm, form), attrs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's restore page, in one transaction like the change form, so
        that the check's lock holds until the restored version is saved."""
        request._edit_conflict_revert = True
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)
