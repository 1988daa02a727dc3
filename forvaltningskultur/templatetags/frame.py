"""Template tags for the site's frame (templates/base.html)."""

from dataclasses import is_dataclass

from django import forms, template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_has_form_errors(context):
    """Whether the page shows a form with errors: its <title> then starts with "Fel:", the
    first thing a screen reader says after the page loads. Looks for bound forms with errors
    among the context's values, also inside lists, tuples and dataclasses (a sign-up panel's
    `form` and `error`), so no view or template has to remember it; a view whose error is
    not a form's says so with a true `form_errors`."""
    values = context.flatten()
    return bool(values.get("form_errors")) or any(_shows_errors(v) for v in values.values())


def _shows_errors(value, depth=0):
    # type(), not isinstance(): isinstance would evaluate a lazy value such as `user`.
    kind = type(value)
    if issubclass(kind, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if is_dataclass(kind):
        return bool(getattr(value, "error", "")) or _shows_errors(getattr(value, "form", None))
    if kind in (list, tuple) and depth < 2:  # panels or forms in a list
        return any(_shows_errors(item, depth + 1) for item in value)
    return False
