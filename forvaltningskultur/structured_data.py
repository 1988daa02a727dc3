"""schema.org data as JSON-LD, so search engines can show seminars and course occasions
as events (dates with their offset, place or online, organiser, cancelled state)."""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from .richtext import plain_text

ORGANIZER = {
    "@type": "GovernmentOrganization",
    "name": "Statskontoret",
    "url": "https://www.statskontoret.se",
}
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_data(event, description: str = "") -> dict:
    """The Event object of a RegistrableEvent (seminar or course occasion)."""
    url = settings.SITE_URL + event.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.event_title(),
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "organizer": ORGANIZER,
        "url": url,
        "inLanguage": "sv",
        "isAccessibleForFree": True,
    }
    if description:
        data["description"] = " ".join(plain_text(description).split())[:500]
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        # The joining link goes only to registrants: the event's own page stands in.
        data["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": event.venue,
            "address": event.address or event.venue,
        }
    return data


def json_ld(data) -> str:
    """<script type="application/ld+json"> with <, > and & escaped inside the JSON."""
    payload = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
