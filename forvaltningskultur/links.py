"""Links to items by slug, made as Django's reverse() makes them, but quickly.

A list page links to every item on it, often more than once (page, PDF, calendar), and
reverse() matches the URL pattern again for each link: about 10 µs a time, 1 ms on a
list of courses with their occasions. Here each URL name is reversed once per script
prefix with a placeholder slug, and after that a link is the slug put in its place,
escaped the way reverse() escapes it. A value that is not a plain slug goes through
reverse() itself, so the two can never disagree.
"""

import functools
import re
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

PLACEHOLDER = "fk-link-placeholder-0"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# What reverse() leaves unescaped in a path (django.urls.resolvers).
SAFE = "!$&'()*+,;=" + "/~:@"


@functools.cache
def _pattern(name: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, kwargs={"slug": PLACEHOLDER})
    before, found, after = url.partition(PLACEHOLDER)
    if not found or PLACEHOLDER in after:
        raise ValueError(f"{name} tar inte ett kortnamn (slug)")
    return before, after


@functools.cache
def _plain(name: str, prefix: str) -> str:
    return reverse(name)


def url(name: str, slug: str | None = None) -> str:
    """reverse(name) or reverse(name, kwargs={"slug": slug})."""
    prefix = get_script_prefix()
    if slug is None:
        return _plain(name, prefix)
    if not SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = _pattern(name, prefix)
    return before + quote(slug, safe=SAFE) + after
