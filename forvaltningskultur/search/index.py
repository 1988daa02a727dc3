"""What is in the index, and keeping it complete.

Each searchable model (registry.py) has `search_document()`, returning a Document: its
title, its taxonomy (themes, parent themes, principles), its meta (speakers, places,
dates in the Swedish long form, agency and year…), its body and, for a film, its cues.
Models whose rows show in another's document (a speaker in a seminar's, a theme in each
of its cases') have `search_parents()`, the objects to index again when they change.

A change marks the objects to index again; they are indexed once, when the whole
transaction commits (an admin save: the object, then its inlines, then its
many-to-many links), and a search in the same transaction first indexes what it has
marked. Every change to the index moves the page cache's content version on, so cached
result pages never show old hits.
"""

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from ..publishing import Status
from . import backends, registry
from .text import vocabulary_words

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass
class Document:
    """One object as the index holds it. Plain text throughout."""

    title: str
    body: str = ""
    taxonomy: str = ""
    meta: str = ""
    detail: str = ""  # shown with the hit: an event's date, a code's agency and year
    event_at: dt.datetime | None = None
    url: str | None = None  # default: get_absolute_url()
    status: str | None = None  # default: the object's own status and publish_at
    publish_at: dt.datetime | None = None
    cues: list = field(default_factory=list)  # a film's captions: [(start seconds, text)]


# --- Writing ------------------------------------------------------------------------


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def index_object(obj, using="default"):
    """Create or refresh one object's entry (or remove it: a document of None)."""
    from ..models import SearchCue, SearchEntry

    kind = registry.kind_of(type(obj))
    if kind is None:
        return
    document = obj.search_document()
    if document is None:
        unindex(type(obj), obj.pk, using=using)
        return
    status = document.status or getattr(obj, "status", Status.PUBLISHED)
    publish_at = document.publish_at or getattr(obj, "publish_at", None) or EPOCH
    defaults = {
        "kind": kind.key,
        "title": " ".join(str(document.title).split())[:300],
        "taxonomy": _clean(document.taxonomy),
        "meta": _clean(document.meta),
        "body": _clean(document.body),
        "detail": _clean(document.detail)[:300],
        "event_at": document.event_at,
        "url": document.url or obj.get_absolute_url(),
        "status": status,
        "publish_at": publish_at,
        "updated_at": getattr(obj, "updated_at", None) or timezone.now(),
    }
    backend = backends.for_connection(connections[using])
    with transaction.atomic(using=using):
        try:
            with transaction.atomic(using=using):
                entry, _created = SearchEntry.objects.using(using).update_or_create(
                    content_type=_content_type(type(obj)), object_id=obj.pk, defaults=defaults
                )
        except IntegrityError:  # another process created it a moment ago
            entry, _created = SearchEntry.objects.using(using).update_or_create(
                content_type=_content_type(type(obj)), object_id=obj.pk, defaults=defaults
            )
        backend.write_entry(entry)
        SearchCue.objects.using(using).filter(entry=entry).delete()
        SearchCue.objects.using(using).bulk_create(
            SearchCue(entry=entry, start=start, text=_clean(text)[:1000])
            for start, text in document.cues
        )
        texts = [entry.title, entry.taxonomy, entry.meta, entry.body]
        texts += [text for _start, text in document.cues]
        backend.add_words(vocabulary_words(" ".join(texts)))


def _clean(text) -> str:
    """Lines kept (snippets read better), spaces within a line collapsed."""
    lines = (" ".join(line.split()) for line in str(text or "").splitlines())
    return "\n".join(line for line in lines if line)


def unindex(model, pk, using="default"):
    from ..models import SearchEntry

    entries = SearchEntry.objects.using(using).filter(
        content_type=_content_type(model), object_id=pk
    )
    backend = backends.for_connection(connections[using])
    for entry_id in entries.values_list("pk", flat=True):
        backend.delete_entry(entry_id)
    entries.delete()


def rebuild(using="default") -> int:
    """Index every object again, vocabulary included (after a bulk import, an update()
    that skipped signals, or a change of what is indexed)."""
    from ..models import SearchEntry
    from ..pagecache import content_changed

    backend = backends.for_connection(connections[using])
    count = 0
    with transaction.atomic(using=using):
        backend.clear()
        SearchEntry.objects.using(using).all().delete()
        for kind in registry.kinds():
            for obj in kind.model._default_manager.using(using).all().iterator():
                index_object(obj, using=using)
                count += 1
        content_changed(using=using)
    _pending_for(using).clear()
    return count


def rebuild_if_empty(using="default", **kwargs):
    """After `migrate`: a new or emptied index (a release that changed what is indexed
    empties it) is built again at once."""
    from ..models import SearchEntry

    try:
        if SearchEntry.objects.using(using).exists():
            return
        if any(k.model._default_manager.using(using).exists() for k in registry.kinds()):
            rebuild(using=using)
    except DatabaseError:  # tables of a half-migrated database
        return


# --- Keeping it current ----------------------------------------------------------------

_state = threading.local()


def _pending_for(using) -> set:
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = {}
    return pending.setdefault(using, set())


def _keys(obj):
    """(model label, pk) of the objects to index again when `obj` changes."""
    found = []
    if registry.kind_of(type(obj)) is not None and obj.pk is not None:
        found.append((obj._meta.label, obj.pk))
    parents = getattr(obj, "search_parents", None)
    if parents is not None:
        for parent in parents():
            if isinstance(parent, QuerySet):
                label = parent.model._meta.label
                found += [(label, pk) for pk in parent.values_list("pk", flat=True)]
            elif parent is not None and parent.pk is not None:
                found.append((parent._meta.label, parent.pk))
    return found


def mark(obj, using="default"):
    """`obj` changed: index what depends on it when the transaction commits (at once
    outside a transaction)."""
    keys = _keys(obj)
    if not keys:
        return
    pending = _pending_for(using)
    first = not pending
    pending.update(keys)
    if not connections[using].in_atomic_block:
        flush(using)
    elif first:
        transaction.on_commit(lambda: flush(using), using=using, robust=True)


def flush(using="default", tell_cache=True):
    """Index what is marked, then tell the page cache: after the commit, pages cached
    between the commit and now hold the old hits. (A search inside the changing
    transaction need not: that transaction's own saves move the version on.)"""
    from ..pagecache import content_changed

    pending = _pending_for(using)
    if not pending:
        return
    keys = sorted(pending)
    pending.clear()
    with transaction.atomic(using=using):
        for label, pk in keys:
            model = apps.get_model(label)
            obj = model._default_manager.using(using).filter(pk=pk).first()
            if obj is None:
                unindex(model, pk, using=using)
            else:
                index_object(obj, using=using)
        if tell_cache:
            content_changed(using=using)


def discard_pending():
    """Forget what is marked (tests: a rolled-back test's marks)."""
    _state.pending = {}


def _on_save(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        mark(instance, using)


def _on_delete(sender, instance, using="default", **kwargs):
    mark(instance, using)


def _on_m2m(sender, instance, action, model, pk_set, using="default", **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    mark(instance, using)
    if pk_set and (registry.kind_of(model) or hasattr(model, "search_parents")):
        for other in model._default_manager.using(using).filter(pk__in=pk_set):
            mark(other, using)


def connect_signals():
    from ..apps import SITE_APPS

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in SITE_APPS or meta.model_name.startswith("historical"):
            continue
        if registry.kind_of(model) is None and not hasattr(model, "search_parents"):
            continue
        uid = f"search-{meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + "-save")
        # Before: a theme's cases are still linked; after: the object itself is gone.
        pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid + "-deleting")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + "-deleted")
        for m2m in meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=m2m.remote_field.through, dispatch_uid=f"{uid}-{m2m.name}"
            )
