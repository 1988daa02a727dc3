"""The one iCalendar builder: a single event, the subscribable feed, the mail attachment.

Times are given in Europe/Stockholm with a VTIMEZONE; the UID is stable per event;
SEQUENCE rises when time, place or status changes; a cancelled event is
STATUS:CANCELLED so that calendars that imported it strike it out.
"""

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from forvaltningskultur import dates

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODID = "-//Statskontoret//En god förvaltningskultur i staten//SV"


def uid(event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{event._meta.label_lower}-{event.pk}@{host}"


def _local(value):
    return value.astimezone(STOCKHOLM).replace(microsecond=0)


def _location(event, private: bool) -> str:
    if event.is_online:
        if private and event.online_url:
            return event.online_url
        return _("Digitalt (länken skickas till anmälda)")
    return event.place


def event_component(event, *, private=False) -> icalendar.Event:
    """One VEVENT. `private` adds the joining link: only for a registrant's own copy."""
    url = settings.SITE_URL + event.get_absolute_url()
    component = icalendar.Event()
    component.add("uid", uid(event))
    component.add("dtstamp", getattr(event, "updated_at", None) or timezone.now())
    if getattr(event, "updated_at", None):
        component.add("last-modified", event.updated_at)
    component.add("sequence", event.ics_sequence)
    component.add("dtstart", _local(event.starts_at))
    component.add("dtend", _local(event.ends_at))
    component.add("summary", event.event_title())
    description = [dates.long_range(event.starts_at, event.ends_at)]
    introduction = strip_tags(getattr(event, "introduction", "") or "").strip()
    if introduction:
        description.append(introduction)
    if private and event.is_online and event.online_url:
        description.append(_("Anslut: %(url)s") % {"url": event.online_url})
    description.append(url)
    component.add("description", "\n\n".join(description))
    component.add("location", _location(event, private))
    component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def calendar_for(events, *, name=None, private=False) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Stockholm")
        # Subscribing clients: look again twice a day.
        calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
    for event in events:
        calendar.add_component(event_component(event, private=private))
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Stockholm"))
    return calendar


def ics_response(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
