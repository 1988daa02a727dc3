"""The revision history in admin, in Swedish and for people.

Who changed what and when, field by field with the fields' names; choices by their
labels, yes/no as "Ja"/"Nej", rich text compared as text with the changed words marked.
simple-history keeps the item's own fields; what the admin form also saves (the
many-to-many choices and the inline rows: themes, principles, questions, rules,
speakers, occasions) is kept per revision in a HistorySnapshot, written when the admin
saves the whole form.

Restoring an older version shows what will change first, keeps the item's publishing
state (status and publishing time) unless the editor ticks "Återställ även
publiceringsläget", restores the many-to-many choices and the simple inline rows, and
says what happened.
"""

import difflib
import json

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import dates
from .richtext import RichTextField, plain_text

PUBLISHING_FIELDS = ("status", "publish_at")
RESTORE_PUBLISHING = "_restore_publishing"
# Unchanged runs of more words than this are shortened to their ends: "… ord ord …".
CONTEXT_WORDS = 8

# The definite form, for "Dilemmat är fortfarande publicerat." (neuter "-t" or not).
DEFINITE = {
    "dilemmas.dilemma": (_("Dilemmat"), True),
    "dilemmas.codeofethics": (_("Uppförandekoden"), False),
    "seminars.seminar": (_("Seminariet"), True),
    "seminars.film": (_("Filmen"), False),
    "courses.course": (_("Kursen"), False),
    "columns.column": (_("Krönikan"), False),
    "forvaltningskultur.page": (_("Sidan"), False),
}


def empty():
    return gettext("(tomt)")


# Values ---------------------------------------------------------------------------------


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _raw(row, field):
    """A field's value as JSON can keep it (a file by its name, a relation by its key)."""
    value = field.value_from_object(row)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return _json(value)


def is_text(field) -> bool:
    return isinstance(field, RichTextField | models.TextField)


def display(field, value) -> str:
    """A stored value as an editor reads it."""
    if value is None or value == "":
        return empty()
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Ja") if value else gettext("Nej")
    if isinstance(field, models.DateTimeField):
        if isinstance(value, str):
            value = field.to_python(value)
        return dates.long_datetime(value)
    if isinstance(field, models.DateField):
        if isinstance(value, str):
            value = field.to_python(value)
        return dates.day_month_year(value)
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else gettext("(borttagen)")
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(field, RichTextField):
        return plain_text(value)
    return str(value)


def _words(text: str) -> list[str]:
    """Words, with a paragraph break as a word of its own."""
    tokens = []
    for number, line in enumerate(text.splitlines()):
        if number:
            tokens.append("\n")
        tokens.extend(line.split())
    return tokens


def _join(words) -> str:
    out = []
    for word in words:
        out.append("<br>" if word == "\n" else escape(word))
    return " ".join(out).replace(" <br> ", "<br>")


def _marked(tag, words, hidden) -> str:
    return format_html(
        '<{tag}><span class="visually-hidden">{hidden} </span>{text}</{tag}>',
        tag=tag,
        hidden=hidden,
        text=mark_safe(_join(words)),  # noqa: S308 - _join escapes every word
    )


def word_diff(old: str, new: str) -> str:
    """Old and new text as one, the removed words in <del>, the added in <ins>, each
    with a visually hidden "borttaget:"/"tillagt:" for screen readers."""
    old_words, new_words = _words(old), _words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            same = old_words[a1:a2]
            if len(same) > 2 * CONTEXT_WORDS:
                head = same[:CONTEXT_WORDS] if a1 else []
                tail = same[-CONTEXT_WORDS:] if a2 < len(old_words) else []
                parts.append(_join(head) + " … " + _join(tail))
            else:
                parts.append(_join(same))
            continue
        if op in ("delete", "replace"):
            parts.append(_marked("del", old_words[a1:a2], gettext("borttaget:")))
        if op in ("insert", "replace"):
            parts.append(_marked("ins", new_words[b1:b2], gettext("tillagt:")))
    return mark_safe(" ".join(p for p in parts if p).strip())  # noqa: S308 - escaped above


def change(label, field, old, new) -> dict:
    """One changed field: its name, old and new as text, and for text the marked diff."""
    old_text, new_text = display(field, old), display(field, new)
    entry = {"label": label, "old": old_text, "new": new_text, "diff": ""}
    entry.update(rows=[], added=[], removed=[])
    if field is not None and is_text(field):
        entry["diff"] = word_diff(
            "" if old in (None, "") else old_text, "" if new in (None, "") else new_text
        )
    return entry


# Snapshots ------------------------------------------------------------------------------


def _inline_parts(admin, request, obj):
    """(key, inline, [field names]) for each inline the form writes (not read-only)."""
    for formset_class, inline in admin.get_formsets_with_inlines(request, obj):
        names = []
        for name in formset_class.form.base_fields:
            try:
                field = inline.model._meta.get_field(name)
            except Exception:  # noqa: S112 - a form-only field, not stored
                continue
            if field.concrete and not field.primary_key:
                names.append(name)
        fk = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name)
        names = [n for n in names if n != fk.name]
        if names:
            yield type(inline).__name__, inline, fk, names


def _m2m_fields(admin, request, obj):
    names = set(flatten_fieldsets(admin.get_fieldsets(request, obj)))
    return [f for f in type(obj)._meta.many_to_many if f.name in names]


def take_snapshot(admin, request, obj) -> dict:
    data = {"m2m": {}, "inlines": {}}
    for field in _m2m_fields(admin, request, obj):
        data["m2m"][field.name] = [
            [related.pk, str(related)] for related in getattr(obj, field.name).order_by("pk")
        ]
    for key, inline, fk, names in _inline_parts(admin, request, obj):
        rows = inline.model._base_manager.filter(**{fk.name: obj}).order_by("pk")
        data["inlines"][key] = {
            "model": inline.model._meta.label_lower,
            "rows": [
                {
                    "pk": row.pk,
                    "text": str(row),
                    "values": {n: _raw(row, inline.model._meta.get_field(n)) for n in names},
                }
                for row in rows
            ],
        }
    return data


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def write_snapshot(admin, request, obj):
    """Keep, for the newest revision of `obj`, what its form saved besides its fields."""
    from .models import HistorySnapshot

    history = getattr(obj, obj._meta.simple_history_manager_attribute)
    latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
    if latest is None:
        return
    HistorySnapshot.objects.update_or_create(
        content_type=_content_type(type(obj)),
        history_id=latest,
        defaults={"data": take_snapshot(admin, request, obj)},
    )


def snapshots_for(model, object_pk) -> dict:
    """{history_id: snapshot data} for every revision of the object, each revision
    without a snapshot of its own having the one before it (or None)."""
    from .models import HistorySnapshot

    history = getattr(model, model._meta.simple_history_manager_attribute)
    ids = list(
        history.filter(**{model._meta.pk.attname: object_pk})
        .order_by("history_id")
        .values_list("history_id", flat=True)
    )
    stored = dict(
        HistorySnapshot.objects.filter(
            content_type=_content_type(model), history_id__in=ids
        ).values_list("history_id", "data")
    )
    result, current = {}, None
    for history_id in ids:
        current = stored.get(history_id, current)
        result[history_id] = current
    return result


# Differences ----------------------------------------------------------------------------


def _tracked_fields(model):
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        yield field


def field_changes(model, old, new, names=None) -> list[dict]:
    """What changed in the item's own fields from revision `old` to `new`."""
    changes = []
    for field in _tracked_fields(model):
        if names is not None and field.name not in names:
            continue
        before, after = field.value_from_object(old), field.value_from_object(new)
        if before != after:
            entry = change(capfirst(field.verbose_name), field, before, after)
            if entry["old"] != entry["new"]:  # not a time to the microsecond, say
                changes.append(entry)
    return changes


def _inline_model(data):
    from django.apps import apps

    try:
        return apps.get_model(data["model"])
    except (LookupError, KeyError):
        return None


def snapshot_changes(model, old, new) -> list[dict]:
    """What changed in the many-to-many choices and inline rows."""
    if old is None or new is None:
        return []
    changes = []
    for name, after in new.get("m2m", {}).items():
        before = old.get("m2m", {}).get(name)
        if before is None:
            continue
        before_labels = dict(before)
        after_labels = dict(after)
        removed = [label for pk, label in before if pk not in after_labels]
        added = [label for pk, label in after if pk not in before_labels]
        if removed or added:
            field = model._meta.get_field(name)
            changes.append(
                {
                    "label": capfirst(field.verbose_name),
                    "added": added,
                    "removed": removed,
                    "old": ", ".join(before_labels.values()) or empty(),
                    "new": ", ".join(after_labels.values()) or empty(),
                    "diff": "",
                    "rows": [],
                }
            )
    for key, after in new.get("inlines", {}).items():
        before = old.get("inlines", {}).get(key)
        inline_model = _inline_model(after)
        if before is None or inline_model is None:
            continue
        opts = inline_model._meta
        before_rows = {row["pk"]: row for row in before["rows"]}
        after_rows = {row["pk"]: row for row in after["rows"]}
        rows = []
        for row in after["rows"]:
            if row["pk"] not in before_rows:
                rows.append({"kind": gettext("Ny"), "text": row["text"], "fields": []})
        for row in before["rows"]:
            if row["pk"] not in after_rows:
                rows.append({"kind": gettext("Borttagen"), "text": row["text"], "fields": []})
        for row in after["rows"]:
            previous = before_rows.get(row["pk"])
            if previous is None:
                continue
            fields = []
            for name, value in row["values"].items():
                old_value = previous["values"].get(name)
                if old_value != value:
                    field = opts.get_field(name)
                    entry = change(capfirst(field.verbose_name), field, old_value, value)
                    if entry["old"] != entry["new"]:
                        fields.append(entry)
            if fields:
                rows.append({"kind": gettext("Ändrad"), "text": previous["text"], "fields": fields})
        if rows:
            changes.append(
                {
                    "label": capfirst(opts.verbose_name_plural),
                    "rows": rows,
                    "diff": "",
                    "added": [],
                    "removed": [],
                    "old": "",
                    "new": "",
                }
            )
    return changes


def _is_restorable(inline_model) -> bool:
    """Rows that can be put back as they were: nothing points at them (no sign-ups of
    an occasion would be lost) and they hold no files, and they keep no history of their
    own (a film is published on its own)."""
    opts = inline_model._meta
    if opts.related_objects or hasattr(opts, "simple_history_manager_attribute"):
        return False
    return not any(isinstance(f, models.FileField) for f in opts.concrete_fields)


def restore_inlines(obj, snapshot):
    """Put the restorable inline rows of `obj` back as `snapshot` has them."""
    for data in (snapshot or {}).get("inlines", {}).values():
        inline_model = _inline_model(data)
        if inline_model is None or not _is_restorable(inline_model):
            continue
        fk = _get_foreign_key(type(obj), inline_model)
        current = {row.pk: row for row in inline_model._base_manager.filter(**{fk.name: obj})}
        wanted = {row["pk"] for row in data["rows"]}
        for pk, row in current.items():
            if pk not in wanted:
                row.delete()
        for row in data["rows"]:
            values = {
                name: inline_model._meta.get_field(name).to_python(value)
                for name, value in row["values"].items()
            }
            if row["pk"] in current:
                instance = current[row["pk"]]
                for name, value in values.items():
                    setattr(instance, name, value)
                instance.save()
            else:
                inline_model._base_manager.create(**{fk.name: obj}, **values)


def not_restored(snapshot, current=None) -> list[str]:
    """The inlines that restoring leaves as they are although the version had them
    otherwise (files, occasions with sign-ups, films)."""
    names = []
    now = (current or {}).get("inlines", {})
    for key, data in (snapshot or {}).get("inlines", {}).items():
        inline_model = _inline_model(data)
        if inline_model is None or _is_restorable(inline_model):
            continue
        if current is not None and now.get(key, {}).get("rows") == data["rows"]:
            continue
        names.append(str(capfirst(inline_model._meta.verbose_name_plural)))
    return names


def who(record) -> str:
    user = record.history_user
    if user is None:
        return gettext("Okänd (systemet eller ett skript)")
    return user.get_full_name() or user.get_username()


def _state_sentence(obj, status, publish_at, still: bool) -> str:
    """'Dilemmat är fortfarande publicerat.' / '… är nu ett utkast.'"""
    from .publishing import Status

    name, neuter = DEFINITE.get(obj._meta.label_lower, (None, False))
    scheduled = status == Status.PUBLISHED and publish_at and publish_at > _now()
    if status != Status.PUBLISHED:
        state = gettext("ett utkast")
    elif scheduled:
        state = (
            (gettext("schemalagt") if neuter else gettext("schemalagd"))
            + " "
            + (gettext("(publiceras %(when)s)") % {"when": dates.long_datetime(publish_at)})
        )
    else:
        state = gettext("publicerat") if neuter else gettext("publicerad")
    if name is None:
        name = capfirst(obj._meta.verbose_name)
    if still:
        return gettext("%(name)s är fortfarande %(state)s.") % {"name": name, "state": state}
    return gettext("%(name)s är nu %(state)s.") % {"name": name, "state": state}


def _now():
    from django.utils import timezone

    return timezone.now()


# The admin ------------------------------------------------------------------------------


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with the history and the restore page in Swedish."""

    object_history_template = "simple_history/object_history.html"
    object_history_form_template = "simple_history/object_history_form.html"

    # The history list -------------------------------------------------------------------

    def history_view_title(self, request, obj):
        return gettext("Historik: %s") % obj

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("Version av %s") % obj
        return gettext("Återställ en tidigare version av %s") % obj

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Every record on the page gets `.swedish_changes`: what changed since the
        revision before it (the oldest on the page is compared with the one before)."""
        records = list(historical_records)
        if not records:
            return
        model = self.model
        pk_name = model._meta.pk.attname
        object_pk = getattr(records[0], pk_name)
        snapshots = snapshots_for(model, object_pk)
        history = getattr(model, model._meta.simple_history_manager_attribute)
        before_page = (
            history.filter(**{pk_name: object_pk}, history_id__lt=records[-1].history_id)
            .order_by("-history_id")
            .first()
        )
        for current, previous in zip(records, [*records[1:], before_page], strict=True):
            current.swedish_when = dates.long_datetime(current.history_date)
            current.swedish_who = who(current)
            if previous is None:
                current.swedish_changes = []
                continue
            current.swedish_changes = field_changes(model, previous, current) + (
                snapshot_changes(
                    model,
                    snapshots.get(previous.history_id),
                    snapshots.get(current.history_id),
                )
            )

    # Saving: a snapshot of what the form wrote besides the fields -----------------------

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        write_snapshot(self, request, form.instance)

    # The restore page -------------------------------------------------------------------

    def _version(self, object_id, version_id):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        return history.filter(
            **{self.model._meta.pk.attname: object_id}, history_id=version_id
        ).first()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = self._version(object_id, version_id)
        current = self.get_object(request, object_id)
        if record is None or current is None:
            return super().history_form_view(request, object_id, version_id, extra_context)
        model = self.model
        history = getattr(model, model._meta.simple_history_manager_attribute)
        latest = history.filter(**{model._meta.pk.attname: current.pk}).latest("history_id")
        snapshots = snapshots_for(model, current.pk)
        target = snapshots.get(record.history_id)
        publishable = all(hasattr(current, name) for name in PUBLISHING_FIELDS)
        restore_publishing = publishable and bool(request.POST.get(RESTORE_PUBLISHING))
        request._history_restore = {
            "record": record,
            "current": current,
            "snapshot": target,
            "restore_publishing": restore_publishing,
            "publishable": publishable,
        }
        names = None
        if publishable and not restore_publishing:
            names = {f.name for f in _tracked_fields(model)} - set(PUBLISHING_FIELDS)
        changes = field_changes(model, latest, record, names) + snapshot_changes(
            model, snapshots.get(latest.history_id), target
        )
        context = {
            "restore_when": dates.long_datetime(record.history_date),
            "restore_who": who(record),
            "restore_changes": changes,
            "restore_publishable": publishable,
            "restore_publishing_checked": restore_publishing,
            "restore_publishing_field": RESTORE_PUBLISHING,
            "restore_current_state": _state_sentence(
                current, getattr(current, "status", None), getattr(current, "publish_at", None),
                still=False,
            ) if publishable else "",
            "restore_version_state": (
                display(model._meta.get_field("status"), record.status)
                + ", "
                + display(model._meta.get_field("publish_at"), record.publish_at)
            ) if publishable else "",
            "restore_not_restored": not_restored(target, snapshots.get(latest.history_id)),
            **(extra_context or {}),
        }  # fmt: skip
        return super().history_form_view(request, object_id, version_id, context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        restore = getattr(request, "_history_restore", None)
        if restore is None:
            return form

        class RestoreForm(form):
            """The version's fields; its many-to-many choices from its snapshot; the
            publishing fields shown, not edited: today's unless the editor asks for the
            version's."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                snapshot = restore["snapshot"] or {}
                for name, chosen in snapshot.get("m2m", {}).items():
                    if name in self.fields:
                        self.initial[name] = [pk for pk, _label in chosen]
                if restore["publishable"]:
                    source = restore["record"] if restore["restore_publishing"] else None
                    source = source or restore["current"]
                    for name in PUBLISHING_FIELDS:
                        if name in self.fields:
                            self.fields[name].disabled = True
                            self.initial[name] = getattr(source, name)

        RestoreForm.__name__ = form.__name__
        return RestoreForm

    def save_model(self, request, obj, form, change):
        if change and obj.pk is not None:
            # An item from before snapshots were kept: keep what it has now (its
            # many-to-many and inline rows are not saved yet) as its latest revision's,
            # so that this save's changes to them show in the history.
            latest = snapshots_for(self.model, obj.pk)
            if latest and list(latest.values())[-1] is None:
                current = self.model._default_manager.filter(pk=obj.pk).first()
                if current is not None:
                    write_snapshot(self, request, current)
        restore = getattr(request, "_history_restore", None)
        if restore is not None:
            obj._change_reason = gettext("Återställde versionen från %(when)s") % {
                "when": dates.compact_datetime(restore["record"].history_date)
            }
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        restore = getattr(request, "_history_restore", None)
        if restore is None or "_change_history" in request.POST:
            return super().response_change(request, obj)
        before = snapshots_for(self.model, obj.pk)
        before = before[max(before)] if before else None
        restore_inlines(obj, restore["snapshot"])
        write_snapshot(self, request, obj)
        message = gettext("Versionen från %(when)s återställdes.") % {
            "when": dates.long_datetime(restore["record"].history_date)
        }
        if restore["publishable"]:
            obj.refresh_from_db(fields=list(PUBLISHING_FIELDS))
            message += " " + _state_sentence(
                obj, obj.status, obj.publish_at, still=not restore["restore_publishing"]
            )
        if names := not_restored(restore["snapshot"], before or {}):
            message += " " + gettext("%(names)s återställdes inte; se över dem i formuläret.") % {
                "names": ", ".join(names)
            }
        self.message_user(request, message, messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
            )
        )
