"""Attendee lists as CSV for Excel: UTF-8 with BOM, Swedish headers, semicolons, and
no formula injection (a cell starting with =, +, -, @, tab or CR is prefixed with ').

Rows come event by event: those with a seat first, then the waiting list in queue
order, then the cancelled. A file of one event is named by its slug and its date.
"""

import csv

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forvaltningskultur import dates

from .models import RegistrationStatus

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def status_order():
    """Confirmed, then the waiting list, then the cancelled (for `order_by`)."""
    return Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLIST, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def in_list_order(registrations):
    """Event by event (by start), seated first, the queue in its order, cancelled last."""
    return registrations.order_by(
        "event__starts_at", "event_id", status_order(), "created_at", "pk"
    )


def event_slug(event) -> str:
    """The event's own address name: a seminar's slug, a course occasion's course's."""
    slug = getattr(event, "slug", None) or getattr(getattr(event, "course", None), "slug", None)
    return slug or slugify(event.event_title()) or str(event.pk)


def event_filename(event, prefix: str = "anmalningar", extension: str = "csv") -> str:
    """`anmalningar-var-gar-gransen-2026-12-16.csv`: the event's slug and (local) date."""
    day = timezone.localtime(event.starts_at).date().isoformat()
    return f"{prefix}-{event_slug(event)}-{day}.{extension}"


def export_filename(events, prefix: str) -> str:
    """One event: named by it; several: by the prefix and today's date."""
    events = list(events)
    if len(events) == 1:
        return event_filename(events[0])
    return f"{prefix}-{timezone.localdate():%Y-%m-%d}.csv"


def _columns():
    return [
        (_("Evenemang"), lambda r: r.event.event_title()),
        (_("Datum"), lambda r: dates.compact_datetime(r.event.starts_at)),
        (_("Namn"), lambda r: r.name),
        (_("E-postadress"), lambda r: r.email),
        (_("Organisation"), lambda r: r.organisation),
        (_("Roll"), lambda r: r.role),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Plats i kön"), lambda r: r.waitlist_position() or ""),
        (_("Anmäld"), lambda r: dates.compact_datetime(r.created_at)),
        (_("Närvarade"), lambda r: _("Ja") if r.attended else _("Nej")),
        (_("Behov av anpassning"), lambda r: r.accessibility_needs),
        (_("Specialkost"), lambda r: r.dietary_needs),
    ]


def csv_response(registrations, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # the BOM makes Excel read UTF-8
    writer = csv.writer(response, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    columns = _columns()
    writer.writerow([header for header, _value in columns])
    for registration in registrations:
        writer.writerow([safe_cell(value(registration)) for _header, value in columns])
    return response
