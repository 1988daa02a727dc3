"""The error summary at the top of a refused admin form: every error of the form and of
its inlines, each a link to its field, as on the public forms.

Django's admin says only "Var god rätta felen nedan." and leaves the editor to find a
questions error 4 000 px further down. `summary()` lists them all; the
`admin_error_summary` tag (templatetags/admin_errors.py) renders it from the change
form's own context in templates/admin/base_site.html, so no change form template needs
to be overridden for it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    href: str = ""


def _target(form, name) -> tuple[str, str]:
    """The label and link of a field's row: its own, or one the form names for a field
    that is set elsewhere on the page (`error_summary_targets`: the publishing time is
    chosen in the scheduling field). A hidden field has nothing to move focus to; a split
    date and time has no label target of its own (Django leaves it empty), its first box
    takes it."""
    bound = form[name]
    targets = getattr(form, "error_summary_targets", {})
    if name in targets:
        label, href = targets[name]
        return str(label), href
    if bound.is_hidden:
        return str(bound.label), ""
    return str(bound.label), f"#{bound.id_for_label or f'{bound.auto_id}_0'}"


def _field_problems(form, prefix_label="", *, non_field=True):
    problems = []
    for error in form.non_field_errors() if non_field else ():
        problems.append(Problem(prefix_label, str(error), ""))
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        label, href = _target(form, name)
        where = f"{prefix_label}: {label}" if prefix_label else label
        for error in errors:
            problems.append(Problem(where, str(error), href))
    return problems


def summary(adminform=None, inline_admin_formsets=()) -> list[Problem]:
    """Every error of a bound admin form and its inline formsets, in page order."""
    problems = []
    if adminform is not None and adminform.form.is_bound:
        # The form's own errors (not a field's) already stand at the top of the form.
        problems += _field_problems(adminform.form, non_field=False)
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        if not formset.is_bound:
            continue
        name = str(inline.opts.verbose_name_plural).capitalize()
        group = f"#{formset.prefix}-group"
        for error in formset.non_form_errors():
            problems.append(Problem(name, str(error), group))
        for index, form in enumerate(formset.forms, start=1):
            if not form.errors:
                continue
            row = _("%(name)s, rad %(n)d") % {"name": name, "n": index}
            for problem in _field_problems(form, row):
                problems.append(problem if problem.href else Problem(row, problem.message, group))
    return [p if p.where else Problem(_("Formuläret"), p.message, p.href) for p in problems]
