"""The one iCalendar builder: a single event, the subscribable feed, the mail attachment.

Times are given in Europe/Stockholm with a VTIMEZONE; the UID is stable per event, so
every file about one registration (confirmation, update, cancellation) names the same
calendar entry; SEQUENCE rises when time, place or status changes (the events'
`ics_sequence`).

What a file asks of the calendar that opens it is its METHOD:

- PUBLISH: add the entry, or update it when the SEQUENCE is higher (the feed, the
  confirmation, the update mail after a move);
- CANCEL: remove it (the registrant cancelled their seat, or the event is cancelled).
  Outlook removes an entry only for METHOD:CANCEL with the same UID and a SEQUENCE at
  least that of the file it holds; STATUS:CANCELLED alone it shows struck out at best.

The feed keeps METHOD:PUBLISH with STATUS:CANCELLED for a cancelled event: a
subscription is read again, not "opened", and CANCEL means nothing there.
"""

import datetime as dt
from email.utils import parseaddr
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
PUBLISH = "PUBLISH"
CANCEL = "CANCEL"


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


def _organizer() -> icalendar.vCalAddress:
    """The site's sender address: RFC 5546 wants an ORGANIZER in PUBLISH and CANCEL,
    and Outlook matches a cancellation to its entry by it."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = icalendar.vText(name or settings.SITE_NAME)
    return organizer


def event_component(event, *, private=False, cancelled=False) -> icalendar.Event:
    """One VEVENT. `private` adds the joining link: only for a registrant's own copy.
    `cancelled`: the entry is withdrawn for this reader (a cancelled seat)."""
    url = settings.SITE_URL + event.get_absolute_url()
    updated_at = getattr(event, "updated_at", None)
    component = icalendar.Event()
    component.add("uid", uid(event))
    # A registrant's file says when it was made, so that each mail's file is newer than
    # the last about the same entry; the public feed, the same bytes on every read, says
    # when the event last changed.
    stamp = timezone.now() if private or not updated_at else updated_at
    component.add("dtstamp", stamp.replace(microsecond=0))
    if updated_at:
        component.add("last-modified", updated_at.replace(microsecond=0))
    component.add("sequence", event.ics_sequence)
    component.add("dtstart", _local(event.starts_at))
    component.add("dtend", _local(event.ends_at))
    component.add("summary", event.event_title())
    component.add("organizer", _organizer())
    description = [dates.long_range(event.starts_at, event.ends_at)]
    introduction = strip_tags(getattr(event, "introduction", "") or "").strip()
    if introduction:
        description.append(introduction)
    if private and event.is_online and event.online_url and not cancelled:
        description.append(_("Anslut: %(url)s") % {"url": event.online_url})
    description.append(url)
    component.add("description", "\n\n".join(description))
    component.add("location", _location(event, private and not cancelled))
    component.add("url", url)
    component.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    return component


def _timezone(events) -> icalendar.Timezone:
    """Europe/Stockholm from the zone database, over the years the events span (a few
    lines rather than every change since 1970), without icalendar's English COMMENT."""
    years = [value.astimezone(STOCKHOLM).year for e in events for value in (e.starts_at, e.ends_at)]
    first = min(years, default=timezone.localdate().year)
    last = max(years, default=first)
    zone = icalendar.Timezone.from_tzid(
        "Europe/Stockholm", first_date=dt.date(first, 1, 1), last_date=dt.date(last + 1, 1, 1)
    )
    zone.pop("COMMENT", None)
    return zone


def calendar_for(events, *, name=None, private=False, method=PUBLISH) -> icalendar.Calendar:
    """A calendar of `events`. METHOD:CANCEL withdraws them (see the module's text)."""
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Stockholm")
        # Subscribing clients: look again twice a day.
        calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
    for event in events:
        calendar.add_component(event_component(event, private=private, cancelled=method == CANCEL))
    calendar.add_component(_timezone(events))
    return calendar


def cancellation_for(event) -> icalendar.Calendar:
    """The file that takes the event out of a registrant's calendar: their seat is
    cancelled, or the event is (whose SEQUENCE then is already higher)."""
    return calendar_for([event], private=True, method=CANCEL)


def mail_attachment(calendar) -> tuple[str, bytes, str]:
    """(filename, content, mimetype) for EmailMessage.attach(). The METHOD goes in the
    Content-Type too, as mail programs look for it there; the charset is added once, by
    Django, for every text part."""
    method = str(calendar.get("METHOD", PUBLISH))
    return "kalender.ics", calendar.to_ical(), f"text/calendar; method={method}"


def ics_response(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
