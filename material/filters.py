"""The library's filters: kind, theme, principle and agency, as plain GET parameters
(`?typ=samtalsguide&tema=jav`), like /dilemman/. Unknown values are ignored."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dilemmas.models import Principle, Theme
from forvaltningskultur.facets import Facet, theme_facet

from .models import Agency, Kind

PARAMS = ("typ", "tema", "princip", "myndighet")


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

    by_kind = counts("typ", "kind")
    kind_facet = Facet("typ", _("Typ av material"))
    for value, label in Kind.choices:
        kind_facet.add(value, label, by_kind.get(value, 0), selected=chosen.get("typ") == value)
    # A main theme counts each item once, whether it has the theme or one of its sub-themes.
    pool = filtered("tema")
    by_main = dict(
        pool.annotate(top=Coalesce("themes__parent_id", "themes__id"))
        .values("top")
        .annotate(n=Count("pk", distinct=True))
        .values_list("top", "n")
    )
    by_theme = dict(
        pool.values("themes__id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("themes__id", "n")
    )
    themes_facet = theme_facet(
        _("Tema"), list(themes.values()), chosen.get("tema"), by_main, by_theme
    )
    by_principle = counts("princip", "principles__slug")
    principle_facet = Facet("princip", _("Värdegrundsprincip"))
    for p in principles.values():
        principle_facet.add(
            p.slug, p.name, by_principle.get(p.slug, 0), selected=chosen.get("princip") == p.slug
        )
    by_agency = counts("myndighet", "agency__slug")
    agency_facet = Facet("myndighet", _("Myndighet"))
    for a in agencies.values():
        agency_facet.add(
            a.slug, a.name, by_agency.get(a.slug, 0), selected=chosen.get("myndighet") == a.slug
        )
    facets = [kind_facet, themes_facet, principle_facet, agency_facet]
    labels = {
        "typ": lambda v: kinds[v],
        "tema": lambda v: themes[v].name,
        "princip": lambda v: principles[v].name,
        "myndighet": lambda v: agencies[v].name,
    }
    active = [(labels[p](v), _query(chosen, **{p: None})) for p, v in chosen.items()]
    return filtered(), facets, active, chosen
