"""Agencies' material, as on /stodmaterial/: each item with its agency, kind, themes,
principles, licence and files or links. Only published items; never a submission."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from material.filters import apply_filters
from material.models import Material

from .. import schemas
from ..common import BadParameter, Paging, absolute, local, one, page

router = Router(tags=["Stödmaterial"])


class MaterialFilters(Paging):
    typ: str | None = Field(None, description="Typ av material, t.ex. `samtalsguide`.")
    tema: str | None = Field(None, description="Ett temas kortnamn (se /teman/).")
    princip: str | None = Field(None, description="En värdegrundsprincips kortnamn.")
    myndighet: str | None = Field(None, description="En myndighets kortnamn.")


class ResourceOut(Schema):
    title: str
    url: str = Field(description="Filen eller länken (absolut adress).")
    format: str = Field(description="Filens format och storlek, tom för en länk.")


class MaterialOut(schemas.Item):
    slug: str
    title: str
    agency: str = Field(description="Myndigheten som tagit fram materialet.")
    kind: str = Field(description="Typ av material (kortnamn).")
    kind_label: str = Field(description="Typ av material i klartext.")
    description: str = Field(description="Kort beskrivning, med myndighetens ord.")
    year: int
    themes: list[schemas.Ref]
    principles: list[schemas.Ref]
    licence: str = Field(description="Licens (kortnamn).")
    licence_label: str = Field(description="Licens i klartext.")
    contact_email: str = Field(description="Funktionsbrevlåda hos myndigheten.")
    reviewed_at: str | None = Field(description="Granskat av Statskontoret (datum), eller null.")
    is_example: bool = Field(description="Ett exempel på webbplatsen.")
    resources: list[ResourceOut] = Field(description="Filer och länkar, i ordning.")


def item(material: Material) -> dict:
    return {
        "url": absolute(material.get_absolute_url()),
        "updated_at": local(material.updated_at),
        "slug": material.slug,
        "title": material.title,
        "agency": material.agency.name,
        "kind": material.kind,
        "kind_label": material.get_kind_display(),
        "description": material.description,
        "year": material.year,
        "themes": [{"slug": t.slug, "name": t.name} for t in material.themes.all()],
        "principles": [{"slug": p.slug, "name": p.name} for p in material.principles.all()],
        "licence": material.licence,
        "licence_label": material.get_licence_display(),
        "contact_email": material.contact_email,
        "reviewed_at": material.reviewed_at.isoformat() if material.reviewed_at else None,
        "is_example": material.is_example,
        "resources": [
            {
                "title": r.title,
                "url": absolute(r.get_absolute_url()),
                "format": r.format_description,
            }
            for r in material.resources.all()
        ],
    }


def published():
    return (
        Material.objects.published()
        .select_related("agency")
        .prefetch_related("themes", "principles", "resources")
    )


@router.get(
    "/stodmaterial/",
    response={200: schemas.Page[MaterialOut], 422: schemas.Error},
    summary="Stödmaterial",
    description="Myndigheters material om samtal och förvaltningskultur, filtrerat som "
    "på sidan /stodmaterial/.",
)
def list_material(request, response: HttpResponse, params: Query[MaterialFilters]):
    given = {
        name: value
        for name in ("typ", "tema", "princip", "myndighet")
        if (value := getattr(params, name)) is not None
    }
    queryset, _facets, _active, chosen = apply_filters(given, published())
    messages = {
        "typ": _("Det finns ingen typ av material med det kortnamnet."),
        "tema": _("Det finns inget tema med det kortnamnet."),
        "princip": _("Det finns ingen värdegrundsprincip med det kortnamnet."),
        "myndighet": _("Det finns inget publicerat material från en myndighet med det kortnamnet."),
    }
    for name in given:
        if name not in chosen:
            raise BadParameter(name, messages[name])
    return page(request, response, queryset.order_by("-year", "title", "pk"), params, item)


@router.get(
    "/stodmaterial/{slug}/",
    response={200: schemas.One[MaterialOut], 404: schemas.Error},
    summary="Ett stödmaterial",
)
def get_material(request, response: HttpResponse, slug: str):
    return one(response, item(get_object_or_404(published(), slug=slug)))
