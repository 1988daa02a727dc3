"""The registrant's link: `/anmalan/<signed token>/`. No personal data in the URL.

The random token is unguessable by itself; the signature lets a tampered or made-up
link be refused before the database is asked.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "forvaltningskultur.registration"


def _signer():
    return signing.Signer(salt=SALT, sep=".")


def sign(token: str) -> str:
    return _signer().sign(token)


def unsign(value: str) -> str | None:
    try:
        return _signer().unsign(value)
    except signing.BadSignature:
        return None


def registrant_path(registration) -> str:
    return reverse("registration:detail", kwargs={"token": sign(registration.token)})


def registrant_url(registration) -> str:
    """Absolute, for e-mails."""
    return settings.SITE_URL + registrant_path(registration)


def find_registration(signed_token: str):
    """The registration behind a signed token, among every concrete registration model."""
    from .models import RegistrationBase

    token = unsign(signed_token)
    if not token:
        return None
    for model in RegistrationBase.concrete_models():
        registration = (
            model.objects.select_related("event")
            .filter(token=token, personal_data_purged=False)
            .first()
        )
        if registration is not None:
            return registration
    return None
