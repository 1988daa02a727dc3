"""{% upcoming_seminars %}: the start page's "Aktuellt" block."""

from django import template

from seminars.models import Seminar

register = template.Library()


@register.inclusion_tag("seminars/includes/upcoming.html")
def upcoming_seminars(limit=3):
    seminars = (
        Seminar.objects.published()
        .upcoming()
        .with_registration_counts()
        .order_by("starts_at", "pk")[:limit]
    )
    return {"seminars": seminars}
