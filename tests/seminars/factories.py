"""Test data for seminars. `registrable_event` is what the engine's tests call."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from forvaltningskultur.publishing import Status
from seminars.models import Film, Seminar

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHej och v\xc3\xa4lkomna.\n"

_counter = iter(range(1, 1_000_000))


def make_seminar(**overrides) -> Seminar:
    n = next(_counter)
    start = overrides.pop("starts_at", timezone.now() + dt.timedelta(days=14))
    values = {
        "title": f"Seminarium {n}",
        "slug": f"seminarium-{n}",
        "introduction": "Ett seminarium om förvaltningskultur.",
        "body": "<p>Brödtext.</p>",
        "starts_at": start,
        "ends_at": overrides.pop("ends_at", start + dt.timedelta(hours=1, minutes=30)),
        "venue": "Statskontoret",
        "address": "Stockholm",
        "capacity": 30,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - dt.timedelta(days=1),
    }
    if overrides.pop("published", True) is False:
        values["status"] = Status.DRAFT
    values.update(overrides)
    return Seminar.objects.create(**values)


def make_film(seminar, *, captions=True, **overrides) -> Film:
    values = {
        "seminar": seminar,
        "title": f"Film från {seminar.title}",
        "external_url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "duration_minutes": 40,
        "transcript": "Det här sägs i filmen.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - dt.timedelta(days=1),
    }
    values.update(overrides)
    film = Film(**values)
    if captions:
        film.captions = ContentFile(VTT, name="textning.vtt")
    film.save()
    return film


def registrable_event(**overrides):
    """A published event open for sign-up. Overrides: any RegistrableEvent field
    (capacity, starts_at, ends_at, is_online, online_url, is_cancelled,
    signup_opens_at, signup_closes_at) and `published=False`."""
    return make_seminar(**overrides)
