"""LIX, the Swedish readability index: words per sentence plus the share of long words.

LIX = (words / sentences) + (long words × 100 / words), where a long word has more than
six letters. Under 30 is very easy, 30–40 easy (news text), 40–50 medium, 50–60 hard
(official documents), over 60 very hard.
"""

import re

from django import forms
from django.db import models
from django.forms.widgets import Script
from django.utils.translation import gettext_lazy as _

from .richtext import plain_text

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)|\n\s*\n")

LEVELS = [
    (30, _("mycket lättläst")),
    (40, _("lättläst")),
    (50, _("medelsvår")),
    (60, _("svår")),
    (10**6, _("mycket svår")),
]


def lix(text: str) -> float | None:
    """LIX of a text (HTML allowed); None when there are no words."""
    # Block elements end sentences too: a heading or list item without a full stop.
    plain = plain_text(text).replace("\u00a0", " ").replace("\n", "\n\n")
    words = WORD.findall(plain)
    if not words:
        return None
    sentences = max(1, len([s for s in SENTENCE_END.split(plain) if WORD.search(s)]))
    long_words = sum(1 for word in words if len(word) > 6)
    return round(len(words) / sentences + long_words * 100 / len(words), 1)


def describe(value: float | None) -> str:
    """The level of the number shown: 39.9 and 40.1 both read "LIX 40 (medelsvår)"
    (halves round up, as people round)."""
    if value is None:
        return ""
    shown = int(value + 0.5)
    label = next(label for limit, label in LEVELS if shown < limit)
    return f"LIX {shown} ({label})"


class LixTextarea(forms.Textarea):
    """A plain textarea (an introduction, a summary) with its LIX under it, as the
    rich-text fields have: computed on the server when the form is shown, and anew by
    js/lix.js as the editor writes."""

    template_name = "forvaltningskultur/widgets/lix_textarea.html"

    class Media:
        js = [Script("js/lix.js", defer=True)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lix"] = describe(lix(value or ""))
        return context


class LixAdminMixin:
    """ModelAdmin mixin: the plain text fields named in `lix_fields` get LixTextarea."""

    lix_fields = ("introduction",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.lix_fields and type(db_field) is models.TextField:
            kwargs.setdefault("widget", LixTextarea(attrs={"rows": 4}))
        return super().formfield_for_dbfield(db_field, request, **kwargs)
