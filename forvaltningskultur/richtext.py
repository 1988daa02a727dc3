"""Rich text: what editors may write, sanitised with nh3 on save and again on output."""

import html
import json
import re
from html.parser import HTMLParser

import nh3
from django import forms
from django.db import models
from django.forms.widgets import Script
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
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    # The editor wraps each list item's text in a paragraph; store it the way it was.
    return LIST_ITEM_PARAGRAPH.sub(r"<li>\1", cleaned)


# <li><p>text</p></li> (or followed by a nested list) -> <li>text</li>
LIST_ITEM_PARAGRAPH = re.compile(r"<li><p>((?:(?!<p[\s>]|</p>).)*)</p>(?=</li>|<[uo]l[\s>])", re.S)

# What the admin's editor (django-prose-editor) may write. Everything it writes must be
# in ALLOWED_TAGS above (a test checks that they agree); the allow-list stays the one
# that decides what is stored.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Bold": True,
    "Italic": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
}


def editor_allowlist() -> dict:
    from django_prose_editor.config import allowlist_from_extensions

    return allowlist_from_extensions(EDITOR_EXTENSIONS)


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [name for name, _value in attrs]))


def editor_cannot_keep(value: str | None) -> list[str]:
    """The elements of stored HTML the editor could not keep as they are (a table, a
    language change…): such a text is edited as HTML, so nothing is lost on save."""
    allow = editor_allowlist()
    tags, attributes = allow["tags"], allow["attributes"]
    parser = _Markup()
    parser.feed(value or "")
    lost = []
    for tag, names in parser.found:
        kept = tag in tags and all(
            name in attributes.get(tag, ()) or (tag == "a" and name == "rel") for name in names
        )
        if not kept and tag not in lost:
            lost.append(tag)
    return lost


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
    """django-prose-editor's editor on a textarea (progressive enhancement: without
    JavaScript, or for a text the editor could not keep, the textarea takes HTML).

    Its own media would put an inline import map on the page, which the site's CSP
    refuses; our module (js/richtext-editor.js) imports the editor by its address."""

    template_name = "forvaltningskultur/widgets/richtext.html"

    class Media:
        js = [
            "js/richtext-i18n.js",
            Script("js/richtext-editor.js", type="module"),
            Script("js/lix.js", defer=True),
        ]
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "css/richtext-editor.css",
            ]
        }

    def __init__(self, attrs=None):
        super().__init__({"rows": 14, "class": "richtext", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django_prose_editor.config import expand_extensions

        from .readability import describe, lix

        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["lix"] = describe(lix(value))
        widget["kept_as_html"] = editor_cannot_keep(value)
        if not widget["kept_as_html"] and not widget["attrs"].get("disabled"):
            config = {"extensions": expand_extensions(EDITOR_EXTENSIONS)}
            widget["attrs"]["data-richtext-editor"] = json.dumps(config, separators=(",", ":"))
        return context

    def use_required_attribute(self, initial):
        # The textarea is hidden behind the editor; the browser could not point at it.
        return False


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
