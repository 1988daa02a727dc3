"""Model fields the apps share."""

from django.db import models


class URLField(models.URLField):
    """A URLField whose form (in admin too) reads an address typed without a scheme as
    https://, as Django 6 will; Django 5.2 warns about every form that does not say.

    Migrations see a plain URLField: only the form differs."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
