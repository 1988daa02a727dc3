"""The library's filters: kind, theme, principle and agency, as plain GET parameters
(`?typ=samtalsguide&tema=jav`), like /dilemman/. Unknown values are ignored."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dilemmas.models import Principle, Theme

from .models import Agency, Kind

PARAMS = ("typ", "tema", "princip", "myndighet")


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)  # dicts: value, label, count, selected


def _query(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    params = [(k, v) for k, v in values.items() if v]
    return "?" + urlencode(params) if params else "?"


def apply_filters(params, queryset):
    """(filtered queryset, facets, active filters [(label, remove_url)], filters)."""
    themes = {t.slug: t for t in Theme.objects.all()}
    principles = {p.slug: p for p in Principle.objects.all()}
    agencies = {a.slug: a for a in Agency.objects.filter(material__in=queryset).distinct()}
    kinds = dict(Kind.choices)
    chosen = {}
    conditions = {}
    value = params.get("typ", "")
    if value in kinds:
        chosen["typ"], conditions["typ"] = value, Q(kind=value)
    value = params.get("tema", "")
    if value in themes:
        theme = themes[value]
        chosen["tema"] = value
        conditions["tema"] = Q(themes=theme) | Q(themes__parent=theme)
    value = params.get("princip", "")
    if value in principles:
        chosen["princip"], conditions["princip"] = value, Q(principles=principles[value])
    value = params.get("myndighet", "")
    if value in agencies:
        chosen["myndighet"], conditions["myndighet"] = value, Q(agency=agencies[value])

    def filtered(without=None):
        result = queryset
        for param, condition in conditions.items():
            if param != without:
                result = result.filter(pk__in=queryset.filter(condition).values("pk"))
        return result

    def counts(param, field_name):
        rows = filtered(param).values(field_name).annotate(n=Count("pk", distinct=True))
        return {row[field_name]: row["n"] for row in rows}

    facets = []
    by_kind = counts("typ", "kind")
    facets.append(
        Facet("typ", _("Typ av material"), [
            {"value": k, "label": label, "count": by_kind.get(k, 0), "selected": chosen.get("typ") == k}
            for k, label in Kind.choices
        ])
    )  # fmt: skip
    # Per main theme, each item once, whether it has the theme or one of its sub-themes.
    rows = (
        filtered("tema")
        .annotate(top=Coalesce("themes__parent__slug", "themes__slug"))
        .values("top")
        .annotate(n=Count("pk", distinct=True))
    )
    by_theme = {row["top"]: row["n"] for row in rows}
    theme_options = [
        {
            "value": theme.slug,
            "label": theme.name,
            "count": by_theme.get(theme.slug, 0),
            "selected": chosen.get("tema") == theme.slug,
        }
        for theme in themes.values()
        if not theme.parent_id
    ]
    facets.append(Facet("tema", _("Tema"), theme_options))
    by_principle = counts("princip", "principles__slug")
    facets.append(
        Facet("princip", _("Princip"), [
            {"value": p.slug, "label": p.name, "count": by_principle.get(p.slug, 0), "selected": chosen.get("princip") == p.slug}
            for p in principles.values()
        ])
    )  # fmt: skip
    by_agency = counts("myndighet", "agency__slug")
    facets.append(
        Facet("myndighet", _("Myndighet"), [
            {"value": a.slug, "label": a.name, "count": by_agency.get(a.slug, 0), "selected": chosen.get("myndighet") == a.slug}
            for a in agencies.values()
        ])
    )  # fmt: skip
    labels = {
        "typ": lambda v: kinds[v],
        "tema": lambda v: themes[v].name,
        "princip": lambda v: principles[v].name,
        "myndighet": lambda v: agencies[v].name,
    }
    active = [(labels[p](v), _query(chosen, **{p: None})) for p, v in chosen.items()]
    return filtered(), facets, active, chosen
