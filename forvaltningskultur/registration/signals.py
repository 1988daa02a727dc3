"""What staff do around the engine, brought to it: saves and deletes in admin.

The engine's own changes go through services.py and are left alone here
(`services.at_work()`). The rest, in the transaction of the save or delete:

- a registration whose status was changed by hand: `services.status_changed()`
  (cancelled: its mail, and the seat goes to the next in line);
- a registration deleted, one or many at once: a seat it held goes to the next in line
  (not when its event is being deleted with it);
- an event saved with more seats, a new time or place, or no longer cancelled:
  `services.event_saved()` (the waiting list moves up; a move is mailed).

Connected once, from the site app's ready().
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from . import services
from .models import SCHEDULE_FIELDS, RegistrableEvent, RegistrationBase

_BEFORE = "_registration_engine_before"


def _saved_before(instance, fields, update_fields):
    """The stored values of `fields`, read before the save: None for a new row, for a
    save that writes none of them, or when the engine is saving it."""
    if instance._state.adding or instance.pk is None or services.at_work():
        return None
    if update_fields is not None and not set(fields) & set(update_fields):
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def _registration_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    before = None if raw else _saved_before(instance, ["status"], update_fields)
    setattr(instance, _BEFORE, before)


def _registration_saved(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or created or before is None or before["status"] == instance.status:
        return
    services.status_changed(instance, before["status"])


def _registration_deleted(sender, instance, origin=None, **kwargs):
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if isinstance(origin_model, type) and issubclass(origin_model, RegistrableEvent):
        return  # the event goes, its registrations with it: no one to promote
    services.registration_deleted(instance)


def _event_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = ["capacity", *SCHEDULE_FIELDS]
    before = None if raw else _saved_before(instance, fields, update_fields)
    setattr(instance, _BEFORE, before)


def _event_saved(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or created or before is None:
        return
    instance.promoted_on_save = services.event_saved(instance, before)


def connect_signals():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.abstract:
            continue
        uid = f"registration-engine-{model._meta.label_lower}"
        if issubclass(model, RegistrationBase):
            pre_save.connect(_registration_saving, sender=model, dispatch_uid=uid + "-saving")
            post_save.connect(_registration_saved, sender=model, dispatch_uid=uid + "-saved")
            post_delete.connect(_registration_deleted, sender=model, dispatch_uid=uid + "-gone")
        elif issubclass(model, RegistrableEvent):
            pre_save.connect(_event_saving, sender=model, dispatch_uid=uid + "-saving")
            post_save.connect(_event_saved, sender=model, dispatch_uid=uid + "-saved")
