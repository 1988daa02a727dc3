"""Attendee lists as CSV for Excel: UTF-8 with BOM, Swedish headers, semicolons, and
no formula injection (a cell starting with =, +, -, @, tab or CR is prefixed with ')."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from forvaltningskultur import dates

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


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
