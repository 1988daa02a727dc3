"""Template filters for the PDFs of cases and packs (templates/dilemmas/pdf/)."""

import re

from django import template
from django.utils.safestring import mark_safe

from forvaltningskultur.richtext import render_html

register = template.Library()

HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter
def richtext_under(value, level):
    """Rich text placed under a heading of `level`: its headings renumbered so the
    highest becomes `level` + 1 and the ones below it keep their nesting (at most h6).
    A case's guide reads H2 > H3 on its own and H3 > H4 in a pack, never flattened."""
    html = str(render_html(value))
    levels = [int(m.group(2)) for m in HEADING.finditer(html)]
    if not levels:
        return mark_safe(html)  # noqa: S308 - sanitised by render_html just above
    shift = int(level) + 1 - min(levels)

    def renumber(match):
        return f"<{match.group(1)}h{min(6, int(match.group(2)) + shift)}"

    # Only the tag names change; the HTML was sanitised by render_html above.
    return mark_safe(HEADING.sub(renumber, html))  # noqa: S308
