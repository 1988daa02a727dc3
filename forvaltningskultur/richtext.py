"""Rich text: what editors may write, sanitised with nh3 on save and again on output."""

import html
import re

import nh3
from django import forms
from django.db import models
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "q", "cite", "abbr", "span", "table", "caption", "thead", "tbody", "tr",
    "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str | None) -> str:
    """Keep formatting, drop scripts, event handlers and dangerous URLs."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def render_html(value: str | None) -> str:
    """Sanitise once more on the way out, then mark safe for templates."""
    # Sanitised by nh3 on this very line, so marking it safe is sound.
    return mark_safe(sanitize_html(value))  # noqa: S308


BLOCK_TAG = re.compile(
    r"</?(p|h[1-6]|li|ul|ol|blockquote|div|tr|td|th|br|hr|table|caption)\b[^>]*>", re.I
)
ANY_TAG = re.compile(r"<[^>]*>")


def plain_text(value: str | None) -> str:
    """Text without markup, for search, feeds and readability. Block elements end with a
    line break, so a heading and the paragraph after it never run together."""
    if not value:
        return ""
    text = BLOCK_TAG.sub("\n", value)
    text = html.unescape(ANY_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


class RichTextWidget(forms.Textarea):
    """A textarea with a small formatting toolbar (progressive enhancement)."""

    template_name = "forvaltningskultur/widgets/richtext.html"

    class Media:
        js = ["js/richtext-editor.js"]
        css = {"all": ["css/richtext-editor.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 14, "class": "richtext", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from .readability import describe, lix

        context = super().get_context(name, value, attrs)
        context["widget"]["lix"] = describe(lix(value))
        return context


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # Admin offers its plain textarea for every TextField; rich text keeps its editor.
        widget = kwargs.get("widget")
        plain = (
            widget is None
            or widget is forms.Textarea
            or (isinstance(widget, type) and issubclass(widget, forms.Textarea))
        )
        if plain or (isinstance(widget, forms.Textarea) and not isinstance(widget, RichTextWidget)):
            kwargs["widget"] = RichTextWidget
        return super().formfield(**kwargs)
