"""Whole-page cache for anonymous visitors, changed by content, by seats and by time.

One job per module:

- state.py: what pages depend on (the content version, each event's seats, the time
  boundaries), written with the change and read by each process at most once a second;
- keys.py: which requests may be answered, and their keys (the declared query
  parameters, the host);
- store.py: the shared cache and each process's own recent entries;
- middleware.py: the middleware that serves hits and stores misses.

Here: the signals that tell state.py about changes, and the names the apps use.
"""

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..apps import SITE_APPS
from . import keys, state
from .keys import uses_query
from .middleware import PageCacheMiddleware, on_every_hit
from .state import content_changed, depends_on, seat_key
from .store import recent

__all__ = [
    "PageCacheMiddleware",
    "connect_signals",
    "depends_on",
    "new_release",
    "on_every_hit",
    "recent",
    "reset",
    "seat_key",
    "uses_query",
]


def _registration_changed(sender, instance, using="default", raw=False, **kwargs):
    if raw:
        return
    event = type(instance).event.field.related_model
    state.seats_changed(event, instance.event_id, using=using)


def _event_saved(sender, instance, using="default", raw=False, **kwargs):
    """An event's capacity is content (the content version moves too), but its seat
    rows must say whether it is full with the new capacity."""
    if raw:
        return
    state.seats_changed(sender, instance.pk, using=using)


def connect_signals():
    """Watch the models whose rows show on pages: saves, deletes and their m2m links.
    A registration moves only its event's seats; everything else, the content."""
    from ..registration.models import RegistrableEvent, RegistrationBase

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in SITE_APPS or meta.model_name.startswith("historical"):
            continue
        uid = f"pagecache-{meta.label_lower}"
        if issubclass(model, RegistrationBase):
            post_save.connect(_registration_changed, sender=model, dispatch_uid=uid + "-seats")
            post_delete.connect(_registration_changed, sender=model, dispatch_uid=uid + "-gone")
            continue
        if not getattr(model, "affects_pages", True):  # statistics, site machinery
            continue
        if issubclass(model, RegistrableEvent):
            post_save.connect(_event_saved, sender=model, dispatch_uid=uid + "-seats")
            post_delete.connect(_event_saved, sender=model, dispatch_uid=uid + "-gone")
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + "-delete")
        for field in meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m"
            )


def new_release(using="default", **kwargs):
    """After `manage.py migrate`, run once per release and after a restore: pages cached
    by the previous release (old markup, old static file names) or before the restore
    must not be served, and every event's seat rows are worked out afresh. Skipped while
    the table does not exist yet."""
    try:
        with transaction.atomic(using=using):
            content_changed(using=using)
            state.sync_all_seats(using=using)
    except DatabaseError:
        return


def reset():
    """Forget this process's snapshot, entries and views (tests)."""
    state.reset()
    recent.clear()
    keys.declared_query.cache_clear()
