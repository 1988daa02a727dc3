"""Swedish date formatting: the one formatter for pages, PDFs, e-mails and calendars.

"onsdagen den 3 maj 2017 kl. 13.00–14.30", compact "2017-05-03". Python's and the
browsers' locale formatting give neither, so it is written out here.
"""

import datetime as dt

from django.utils import timezone

NBSP = "\u00a0"
EN_DASH = "\u2013"
# Glues "13.00–14.30" together: a browser may otherwise break the line after the dash.
WORD_JOINER = "\u2060"

WEEKDAYS = ["måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen"]
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def _local(value):
    """Aware datetimes are shown in Swedish time (TIME_ZONE); dates pass through.

    The formatters call each other, so a value is often already local: it is then
    returned as it is (a list of courses formats hundreds of times a page).
    """
    if isinstance(value, dt.datetime):
        zone = timezone.get_default_timezone()
        if value.tzinfo is zone:
            return value
        if timezone.is_naive(value):
            return timezone.make_aware(value, zone)
        return value.astimezone(zone)
    return value


def day_month_year(value) -> str:
    """'3 maj 2017'."""
    value = _local(value)
    return f"{value.day}{NBSP}{MONTHS[value.month - 1]} {value.year}"


def long_date(value) -> str:
    """'onsdagen den 3 maj 2017'."""
    value = _local(value)
    return f"{WEEKDAYS[value.weekday()]} den {day_month_year(value)}"


def clock(value) -> str:
    """'13.00'."""
    value = _local(value)
    return f"{value.hour:02d}.{value.minute:02d}"


def long_datetime(value) -> str:
    """'onsdagen den 3 maj 2017 kl. 13.00'."""
    return f"{long_date(value)} kl.{NBSP}{clock(value)}"


def long_range(start, end=None) -> str:
    """A time span in the long form.

    Same day: 'onsdagen den 3 maj 2017 kl. 13.00–14.30' (en dash, no spaces, and a
    word joiner after it so the times stay on one line).
    Different days: the two full forms joined by a spaced en dash, since each side
    holds spaces of its own (Svenska skrivregler).
    """
    if end is None:
        return long_datetime(start)
    start, end = _local(start), _local(end)
    if start.date() == end.date():
        return f"{long_datetime(start)}{EN_DASH}{WORD_JOINER}{clock(end)}"
    return f"{long_datetime(start)} {EN_DASH} {long_datetime(end)}"


def compact(value) -> str:
    """'2017-05-03'."""
    value = _local(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def compact_datetime(value) -> str:
    """'2017-05-03 13.00'."""
    return f"{compact(value)} {clock(value)}"
