"""Blocks other pages show: the latest column on the start page, council writers on /om/."""

from django import template

from columns.models import Author, Column

register = template.Library()


@register.simple_tag
def latest_column():
    """The newest published column, or None."""
    return Column.objects.published().select_related("author").first()


@register.simple_tag
def council_authors():
    """Writers who sit on the council, for the council section of /om/."""
    return list(Author.objects.filter(on_council=True))
