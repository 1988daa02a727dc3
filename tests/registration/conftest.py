"""The engine's tests run once per concrete registration model.

Each app with a registration model provides `tests/<app>/factories.py` with
`registrable_event(**overrides)`: a published event open for sign-up, taking any
RegistrableEvent field as an override and `published=False`. Discovery is automatic.
"""

from importlib import import_module

import pytest

from forvaltningskultur.registration.models import RegistrationBase


def _event_factories():
    params = []
    for model in RegistrationBase.concrete_models():
        event_model = model._meta.get_field("event").related_model
        module = import_module(f"tests.{event_model._meta.app_label}.factories")
        params.append(pytest.param(module.registrable_event, id=event_model._meta.label_lower))
    return params


def pytest_generate_tests(metafunc):
    if "make_event" in metafunc.fixturenames:
        metafunc.parametrize("make_event", _event_factories())


@pytest.fixture
def person():
    """Valid form data for one person; pass email= to vary it."""

    def build(email="anna@myndighet.se", **extra):
        return {
            "name": "Anna Andersson",
            "email": email,
            "organisation": "Exempelmyndigheten",
            "role": "handläggare",
            "accessibility_needs": "Hörslinga",
            "dietary_needs": "Vegetarisk",
            "needs_consent": "on",
            **extra,
        }

    return build


def field_id(event, name):
    """The id of a sign-up form field on the event's page: one form a page, so the fields
    are named alike everywhere (a course's one form chooses the occasion in a radio group)."""
    return f"id_{name}"


def post_signup(client, event, data, **headers):
    """POST the sign-up form as the event's page does: a seminar's form names its event
    in a hidden input, a course's form by the occasion the person chose."""
    return client.post(event.get_absolute_url(), {**data, "anmalan_for": event.pk}, **headers)
