"""The list page's filters (theme, principle, audience) with counts per value, and the
conversation pack carried in `?d=` parameters. Unknown or malformed values are ignored."""

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.facets import Facet, theme_facet

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


def with_pack(url: str, pack) -> str:
    """`url` carrying the conversation pack as its `d` parameters (any it had replaced):
    the pack lives only in the address, so a link in the dilemma section without it
    would empty the visitor's pack."""
    if not pack:
        return url
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "d"]
    params += [("d", slug) for slug in pack]
    return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass
class FilterResult:
    queryset: object
    filters: dict
    facets: list
    active: list  # (label, remove_url) for each filter in use


def apply_filters(params, base_queryset, pack: list[str], path: str) -> FilterResult:
    """The filtered cases and, for each facet, how many cases each value would give.

    A facet's counts apply the other facets' filters, not its own. The counting is done
    by the database (GROUP BY), so the time and the number of queries stay the same
    however many cases there are.
    """
    themes = list(Theme.objects.all())
    theme_by_slug = {t.slug: t for t in themes}
    children = defaultdict(set)
    for theme in themes:
        if theme.parent_id:
            children[theme.parent_id].add(theme.pk)

    def theme_ids(theme):
        return {theme.pk} | children[theme.pk]

    filters = {}
    if (slug := params.get("tema", "")) in theme_by_slug:
        filters["tema"] = slug
    if (value := params.get("malgrupp", "")) in Audience.values:
        filters["malgrupp"] = value
    tagged_with_theme = Dilemma.themes.through.objects
    tagged_with_principle = Dilemma.principles.through.objects

    def narrowed(skip, principle=None):
        """The cases that pass every filter in use except the facet `skip`."""
        queryset = base_queryset
        if "tema" in filters and skip != "tema":
            ids = theme_ids(theme_by_slug[filters["tema"]])
            queryset = queryset.filter(
                pk__in=tagged_with_theme.filter(theme_id__in=ids).values("dilemma_id")
            )
        if principle is not None and skip != "princip":
            queryset = queryset.filter(
                pk__in=tagged_with_principle.filter(principle=principle).values("dilemma_id")
            )
        if "malgrupp" in filters and skip != "malgrupp":
            queryset = queryset.filter(audience=filters["malgrupp"])
        return queryset.order_by().values("pk")

    # The principles come with their counts: that facet's pool needs no principle.
    principles = list(
        Principle.objects.annotate(
            hits=Count("dilemmas", filter=Q(dilemmas__in=narrowed("princip")), distinct=True)
        )
    )
    principle_by_slug = {p.slug: p for p in principles}
    if (slug := params.get("princip", "")) in principle_by_slug:
        filters["princip"] = slug
    chosen_principle = principle_by_slug.get(filters.get("princip"))

    def pool(skip):
        return narrowed(skip, principle=chosen_principle)

    theme_pairs = tagged_with_theme.filter(dilemma_id__in=pool("tema")).order_by()
    direct = dict(
        theme_pairs.values("theme_id").annotate(n=Count("dilemma_id")).values_list("theme_id", "n")
    )
    # A main theme counts each case once, whether it is tagged with it or its sub-themes.
    with_sub_themes = dict(
        theme_pairs.annotate(main=Coalesce("theme__parent_id", "theme_id"))
        .values("main")
        .annotate(n=Count("dilemma_id", distinct=True))
        .values_list("main", "n")
    )
    per_audience = dict(
        base_queryset.filter(pk__in=pool("malgrupp"))
        .order_by()
        .values("audience")
        .annotate(n=Count("pk"))
        .values_list("audience", "n")
    )

    themes_facet = theme_facet(_("Tema"), themes, filters.get("tema"), with_sub_themes, direct)
    principle_facet = Facet("princip", _("Värdegrundsprincip"))
    for principle in principles:
        principle_facet.add(
            principle.slug,
            principle.name,
            principle.hits,
            selected=filters.get("princip") == principle.slug,
        )
    audience_facet = Facet("malgrupp", _("Målgrupp"))
    for value, label in Audience.choices:
        audience_facet.add(
            value, str(label), per_audience.get(value, 0), selected=filters.get("malgrupp") == value
        )

    queryset = base_queryset.filter(pk__in=pool(None)) if filters else base_queryset

    labels = {
        "tema": lambda v: theme_by_slug[v].name,
        "princip": lambda v: principle_by_slug[v].name,
        "malgrupp": lambda v: str(Audience(v).label),
    }
    active = [
        (labels[param](value), path + query_string(filters, pack, **{param: None}))
        for param, value in filters.items()
    ]
    return FilterResult(queryset, filters, [themes_facet, principle_facet, audience_facet], active)
