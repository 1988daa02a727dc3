"""Test data for courses. `registrable_event` is what the engine's tests call."""

import datetime as dt

from django.utils import timezone

from courses.models import Course, CourseOccasion, Organiser
from forvaltningskultur.publishing import Status

_counter = iter(range(1, 1_000_000))


def make_course(**overrides) -> Course:
    n = next(_counter)
    values = {
        "title": f"Kurs {n}",
        "slug": f"kurs-{n}",
        "introduction": "En kurs om rollen som statsanställd.",
        "body": "<p>Brödtext om kursen.</p>",
        "target_group": "chefer",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - dt.timedelta(days=1),
    }
    if overrides.pop("published", True) is False:
        values["status"] = Status.DRAFT
    values.update(overrides)
    return Course.objects.create(**values)


def make_partner_course(**overrides) -> Course:
    values = {
        "organiser": Organiser.PARTNER,
        "partner_name": "Exempelmyndigheten",
        "partner_url": "https://www.example.org/",
        "external_signup_url": "https://www.example.org/kurser/anmalan",
    }
    values.update(overrides)
    return make_course(**values)


def make_occasion(course=None, **overrides) -> CourseOccasion:
    course = course or make_course()
    start = overrides.pop("starts_at", timezone.now() + dt.timedelta(days=14))
    values = {
        "course": course,
        "starts_at": start,
        "ends_at": overrides.pop("ends_at", start + dt.timedelta(hours=7)),
        "venue": "Statskontoret",
        "address": "Stockholm",
        "capacity": 20,
    }
    values.update(overrides)
    return CourseOccasion.objects.create(**values)


def registrable_event(**overrides):
    """A public occasion open for sign-up. Overrides: any RegistrableEvent field
    (capacity, starts_at, ends_at, is_online, online_url, is_cancelled,
    signup_opens_at, signup_closes_at) and `published=False` (the occasion is a draft
    on a published course)."""
    if overrides.pop("published", True) is False:
        overrides["is_draft"] = True
    return make_occasion(**overrides)
