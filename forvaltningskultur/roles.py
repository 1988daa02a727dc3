"""Staff roles: Redaktör (all content, no personal data) and Anmälningsansvarig
(registrations and their exports, no content). Superusers have everything.

The groups are created by a data migration; their permissions are synced after every
migrate, so a content type added later is covered without another migration.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .apps import SITE_APPS

EDITOR = "Redaktör"
REGISTRATIONS = "Anmälningsansvarig"


def holds_personal_data(model) -> bool:
    """Registration models say so with `holds_personal_data = True`."""
    return bool(getattr(model, "holds_personal_data", False))


def holds_submitter_data(model) -> bool:
    """Models with the people who offered material (material.Submission) say which role
    sees them: `submitter_data_role = EDITOR`. The opposite of registrants' data: the
    editors review the material and write to its submitter; the registrations role
    has no business there."""
    return getattr(model, "submitter_data_role", None) is not None


def submitter_data_models():
    return [model for model in apps.get_models() if holds_submitter_data(model)]


def personal_data_models():
    return [model for model in apps.get_models() if holds_personal_data(model)]


def sees_personal_data(user) -> bool:
    """Superusers, and anyone allowed to view a model that holds personal data."""
    if not user.is_active:
        return False
    return user.is_superuser or any(
        user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")
        or user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}")
        for m in personal_data_models()
    )


def _models():
    for model in apps.get_models():
        meta = model._meta
        # Site machinery (the search index, the cache version) is nobody's to edit.
        if meta.app_label not in SITE_APPS or getattr(model, "site_machinery", False):
            continue
        if meta.model_name.startswith("historical"):
            continue
        yield model


def sync_group_permissions(**kwargs):
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    handler, _ = Group.objects.get_or_create(name=REGISTRATIONS)
    editor_perms, handler_perms = [], []
    for model in _models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        perms = list(Permission.objects.filter(content_type=content_type))
        if holds_submitter_data(model):
            if model.submitter_data_role == EDITOR:
                editor_perms += perms
            elif model.submitter_data_role == REGISTRATIONS:
                handler_perms += perms
        elif holds_personal_data(model):
            handler_perms += perms
        else:
            editor_perms += perms
            handler_perms += [p for p in perms if p.codename.startswith("view_")]
    editor.permissions.set(editor_perms)
    handler.permissions.set(handler_perms)
