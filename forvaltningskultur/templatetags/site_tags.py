"""Template filters for Swedish dates and rich text, available in every template."""

from django import template

from forvaltningskultur import dates
from forvaltningskultur.richtext import render_html

register = template.Library()


@register.filter
def sv_date(value):
    """{{ seminar.start|sv_date }} → 'onsdagen den 3 maj 2017'."""
    return dates.long_date(value) if value else ""


@register.filter
def sv_datetime(value):
    """{{ seminar.start|sv_datetime }} → 'onsdagen den 3 maj 2017 kl. 13.00'."""
    return dates.long_datetime(value) if value else ""


@register.filter
def sv_short(value):
    """{{ column.publish_at|sv_short }} → '3 maj 2017'."""
    return dates.day_month_year(value) if value else ""


@register.filter
def sv_compact(value):
    """{{ value|sv_compact }} → '2017-05-03'."""
    return dates.compact(value) if value else ""


@register.simple_tag
def sv_range(start, end=None):
    """{% sv_range seminar.start seminar.end %} → 'onsdagen den 3 maj 2017 kl. 13.00–14.30'."""
    return dates.long_range(start, end) if start else ""


@register.filter
def richtext(value):
    """Render editor HTML, sanitised again on the way out."""
    return render_html(value)


@register.simple_tag
def event_json_ld(event, description=""):
    """{% event_json_ld seminar seminar.introduction %}: schema.org Event as JSON-LD."""
    from forvaltningskultur.structured_data import event_data, json_ld

    return json_ld(event_data(event, description))
