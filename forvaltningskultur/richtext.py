"""Rich text: what editors may write, sanitised with nh3 on save and again on output."""

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
    return mark_safe(sanitize_html(value))  # noqa: S308  # nosec B308 B703


class RichTextWidget(forms.Textarea):
    """A textarea with a small formatting toolbar (progressive enhancement)."""

    template_name = "forvaltningskultur/widgets/richtext.html"

    class Media:
        js = ["js/richtext-editor.js"]
        css = {"all": ["css/richtext-editor.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 14, "class": "richtext", **(attrs or {})})


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        kwargs.setdefault("widget", RichTextWidget)
        return super().formfield(**kwargs)
