"""Addresses typed into the site's forms without a scheme are read as https://."""

import warnings

from django.apps import apps
from django.db import models


def test_every_url_field_reads_an_address_without_a_scheme_as_https():
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and model.__module__.split(".")[0] != "django"
    ]
    assert len(fields) >= 9
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django 5.2 warns about a form that does not say
        for field in fields:
            cleaned = field.formfield().clean("www.example.org/kod")
            assert cleaned == "https://www.example.org/kod", field
