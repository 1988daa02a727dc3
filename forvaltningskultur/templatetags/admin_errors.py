"""{% admin_error_summary %}: the list of a refused admin form's errors (admin_errors.py)."""

from django import template

from ..admin_errors import summary

register = template.Library()


@register.inclusion_tag("admin/includes/error_summary.html", takes_context=True)
def admin_error_summary(context):
    adminform = context.get("adminform")
    problems = summary(adminform, context.get("inline_admin_formsets") or ())
    return {"problems": problems}
