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


def _prefixed(event, name):
    return f"{event.signup_prefix}-{name}" if event.signup_prefix else name


def field_id(event, name):
    """The id of a sign-up form field on the event's page (prefixed where a page has several)."""
    return f"id_{_prefixed(event, name)}"


def post_signup(client, event, data, **headers):
    """POST the sign-up form as the event's page does (one form per event)."""
    fields = {_prefixed(event, name): value for name, value in data.items()}
    return client.post(event.get_absolute_url(), {**fields, "anmalan_for": event.pk}, **headers)
