"""The list page's filters (theme, principle, audience) with counts per value, and the
conversation pack carried in `?d=` parameters. Unknown or malformed values are ignored."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Audience, Dilemma, Principle, Theme

MAX_PACK = 20
SLUG_RE = re.compile(r"^[-\w]{1,200}$")


def clean_slugs(values) -> list[str]:
    """Well-formed slugs in the order given, without duplicates."""
    seen = []
    for value in values:
        value = value.strip()
        if SLUG_RE.match(value) and value not in seen:
            seen.append(value)
    return seen


def query_string(filters: dict, pack: list[str], **changes) -> str:
    """'?tema=jav&d=a&d=b' with `changes` applied (None removes a filter)."""
    values = {**filters, **changes}
    params = [(k, v) for k, v in values.items() if v and k != "d"]
    params += [("d", slug) for slug in changes.get("d", pack)]
    return "?" + urlencode(params) if params else "?"


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)  # dicts: value, label, count, selected, url, depth


@dataclass
class FilterResult:
    queryset: object
    filters: dict
    facets: list
    active: list  # (label, remove_url) for each filter in use


def apply_filters(params, base_queryset, pack: list[str], path: str) -> FilterResult:
    themes = list(Theme.objects.all())
    principles = list(Principle.objects.all())
    theme_by_slug = {t.slug: t for t in themes}
    principle_by_slug = {p.slug: p for p in principles}
    children = defaultdict(set)
    for theme in themes:
        if theme.parent_id:
            children[theme.parent_id].add(theme.pk)

    def theme_ids(theme):
        return {theme.pk} | children[theme.pk]

    filters = {}
    if (slug := params.get("tema", "")) in theme_by_slug:
        filters["tema"] = slug
    if (slug := params.get("princip", "")) in principle_by_slug:
        filters["princip"] = slug
    if (value := params.get("malgrupp", "")) in Audience.values:
        filters["malgrupp"] = value

    # Counts per value: for each facet, the other facets' filters apply (one query each
    # for the pairs; the counting is done here so the number of queries stays constant).
    rows = list(base_queryset.values_list("pk", "audience"))
    audience_of = dict(rows)
    theme_pairs = defaultdict(set)
    for dilemma_id, theme_id in Dilemma.themes.through.objects.filter(
        dilemma_id__in=audience_of
    ).values_list("dilemma_id", "theme_id"):
        theme_pairs[dilemma_id].add(theme_id)
    principle_pairs = defaultdict(set)
    for dilemma_id, principle_id in Dilemma.principles.through.objects.filter(
        dilemma_id__in=audience_of
    ).values_list("dilemma_id", "principle_id"):
        principle_pairs[dilemma_id].add(principle_id)

    def matches(pk, skip):
        """Does case `pk` pass every active filter except the facet `skip`?"""
        checks = {
            "tema": lambda v: bool(theme_pairs[pk] & theme_ids(theme_by_slug[v])),
            "princip": lambda v: principle_by_slug[v].pk in principle_pairs[pk],
            "malgrupp": lambda v: audience_of[pk] == v,
        }
        return all(checks[param](value) for param, value in filters.items() if param != skip)

    def option(param, value, label, count, depth=0):
        selected = filters.get(param) == value
        return {
            "value": value,
            "label": label,
            "count": count,
            "selected": selected,
            "depth": depth,
            "url": path + query_string(filters, pack, **{param: None if selected else value}),
        }

    pool = [pk for pk in audience_of if matches(pk, "tema")]
    theme_facet = Facet("tema", _("Tema"))
    ordered = []
    for top in (t for t in themes if not t.parent_id):
        ordered += [top, *(t for t in themes if t.parent_id == top.pk)]
    for theme in ordered:
        ids = theme_ids(theme)
        count = sum(1 for pk in pool if theme_pairs[pk] & ids)
        theme_facet.options.append(
            option("tema", theme.slug, theme.name, count, depth=1 if theme.parent_id else 0)
        )
    pool = [pk for pk in audience_of if matches(pk, "princip")]
    principle_facet = Facet("princip", _("Värdegrundsprincip"))
    for principle in principles:
        count = sum(1 for pk in pool if principle.pk in principle_pairs[pk])
        principle_facet.options.append(option("princip", principle.slug, principle.name, count))
    pool = [pk for pk in audience_of if matches(pk, "malgrupp")]
    audience_facet = Facet("malgrupp", _("Målgrupp"))
    for value, label in Audience.choices:
        count = sum(1 for pk in pool if audience_of[pk] == value)
        audience_facet.options.append(option("malgrupp", value, str(label), count))

    queryset = base_queryset
    if "tema" in filters:
        ids = theme_ids(theme_by_slug[filters["tema"]])
        queryset = queryset.filter(Q(themes__in=ids)).distinct()
    if "princip" in filters:
        queryset = queryset.filter(principles=principle_by_slug[filters["princip"]])
    if "malgrupp" in filters:
        queryset = queryset.filter(audience=filters["malgrupp"])

    labels = {
        "tema": lambda v: theme_by_slug[v].name,
        "princip": lambda v: principle_by_slug[v].name,
        "malgrupp": lambda v: str(Audience(v).label),
    }
    active = [
        (labels[param](value), path + query_string(filters, pack, **{param: None}))
        for param, value in filters.items()
    ]
    return FilterResult(queryset, filters, [theme_facet, principle_facet, audience_facet], active)
