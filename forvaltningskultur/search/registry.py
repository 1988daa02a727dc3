"""The content types the site search holds, with the names visitors see."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    model: type
    key: str  # in the address: /sok/?typ=dilemman
    plural: str  # the filter: "Dilemman (4)"
    singular: str  # each hit: "Dilemma"


# (model label, key, plural, singular). Several models may share a key.
SEARCHABLE = [
    ("dilemmas.Dilemma", "dilemman", _("Dilemman"), _("Dilemma")),
    ("seminars.Seminar", "seminarier", _("Seminarier"), _("Seminarium")),
    ("seminars.Film", "filmer", _("Filmer"), _("Film")),
    ("courses.Course", "kurser", _("Kurser"), _("Kurs")),
    ("dilemmas.CodeOfEthics", "etiska-koder", _("Etiska koder"), _("Etisk kod")),
    ("material.Material", "stodmaterial", _("Stödmaterial"), _("Stödmaterial")),
    ("columns.Column", "kronikor", _("Krönikor"), _("Krönika")),
    ("columns.Author", "skribenter", _("Skribenter"), _("Skribent")),
    ("forvaltningskultur.Page", "sidor", _("Sidor"), _("Sida")),
    ("forvaltningskultur.AccessibilityStatement", "sidor", _("Sidor"), _("Sida")),
]

_kinds: list[Kind] | None = None


def kinds() -> list[Kind]:
    global _kinds
    if _kinds is None:
        found = []
        for label, key, plural, singular in SEARCHABLE:
            try:
                found.append(Kind(apps.get_model(label), key, plural, singular))
            except LookupError:
                continue
        _kinds = found
    return _kinds


def kind_of(model) -> Kind | None:
    for kind in kinds():
        if kind.model is model:
            return kind
    return None


def names() -> list[tuple[str, str, str]]:
    """[(key, plural, singular)], each key once, in the order above."""
    seen, found = set(), []
    for kind in kinds():
        if kind.key not in seen:
            seen.add(kind.key)
            found.append((kind.key, kind.plural, kind.singular))
    return found


def tagged_with(taxon, *, with_children=False) -> list:
    """The searchable objects tagged with `taxon` (a theme, a principle): a queryset for
    each searchable model with a many-to-many to it (cases, material, …), so a new tagged
    model is indexed again on a rename without a change here. `with_children`: those
    tagged with a sub-theme too (its document names the parent theme)."""
    querysets = []
    for relation in taxon._meta.related_objects:
        if not relation.many_to_many or kind_of(relation.related_model) is None:
            continue
        name = relation.field.name
        condition = Q(**{name: taxon})
        if with_children:
            condition |= Q(**{f"{name}__parent": taxon})
        querysets.append(relation.related_model._default_manager.filter(condition).distinct())
    return querysets
