"""Template tags for dilemma pages and for dilemma blocks on other pages (the start
page's "Aktuellt", the menu)."""

from django import template

from dilemmas.filters import with_pack
from dilemmas.models import Dilemma

register = template.Library()


@register.simple_tag
def newest_dilemmas(limit=3):
    """The newest published cases, for the start page."""
    return list(Dilemma.objects.published().only("title", "slug", "publish_at")[:limit])


@register.simple_tag(takes_context=True)
def keep_pack(context, url):
    """`url` with the conversation pack of the page it is on (`?d=`), so following a
    link within the dilemma section keeps the pack. A page outside the section has no
    pack, and the address is left as it is."""
    return with_pack(url, context.get("pack"))
