"""Template tags for dilemma blocks on other pages (the start page's "Aktuellt")."""

from django import template

from dilemmas.models import Dilemma

register = template.Library()


@register.simple_tag
def newest_dilemmas(limit=3):
    """The newest published cases, for the start page."""
    return list(Dilemma.objects.published().only("title", "slug", "publish_at")[:limit])
