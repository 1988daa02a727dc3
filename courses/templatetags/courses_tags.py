"""{% upcoming_course_occasions %}: the start page's "Aktuellt" block for courses."""

from django import template

from courses.models import CourseOccasion

register = template.Library()


@register.inclusion_tag("courses/includes/upcoming.html")
def upcoming_course_occasions(limit=3):
    occasions = (
        CourseOccasion.objects.public()
        .upcoming()
        .with_registration_counts()
        .order_by("starts_at", "pk")[:limit]
    )
    return {"occasions": occasions}
