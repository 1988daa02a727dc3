"""Dilemma cases, their themes and the värdegrund principles, filtered as on /dilemman/."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field

from dilemmas.filters import apply_filters
from dilemmas.models import Dilemma, Principle, Theme
from dilemmas.views import case_parts
from forvaltningskultur.richtext import render_html

from .. import schemas
from ..common import BadParameter, Paging, absolute, local, one, page

router = Router(tags=["Dilemman"])


class DilemmaFilters(Paging):
    tema: str | None = Field(None, description="Temats kortnamn (se /teman/); med undertema.")
    princip: str | None = Field(None, description="Principens kortnamn (se /principer/).")
    malgrupp: str | None = Field(None, description="chefer, medarbetare eller ledningsgrupp.")
    from_: dt.date | None = Field(
        None, alias="from", description="Publicerade den dagen eller senare (ÅÅÅÅ-MM-DD)."
    )
    to: dt.date | None = Field(
        None, description="Publicerade den dagen eller tidigare (ÅÅÅÅ-MM-DD)."
    )


def _refs(items):
    return [{"slug": i.slug, "name": i.name} for i in items]


def summary(case: Dilemma) -> dict:
    return {
        "url": absolute(case.get_absolute_url()),
        "updated_at": local(case.updated_at),
        "slug": case.slug,
        "title": case.title,
        "introduction": case.introduction,
        "themes": _refs(case.themes.all()),
        "principles": _refs(case.principles.all()),
        "audience": case.audience,
        "audience_label": case.get_audience_display(),
        "minutes": case.minutes,
        "source": case.source_name,
        "published_at": local(case.publish_at),
        "pdf_url": absolute(case.pdf_url()),
    }


def detail(case: Dilemma) -> dict:
    return {
        **summary(case),
        "scenario_html": str(render_html(case.scenario)),
        "questions": [q.text for q in case.questions.all()],
        "leader_guide_html": str(render_html(case.leader_guide)),
        "rules": [
            {"act": r.act, "section": r.section, "note": r.note, "url": r.url}
            for r in case.rules.all()
        ],
        "related": [
            {"slug": o.slug, "title": o.title, "url": absolute(o.get_absolute_url())}
            for o in case.related.all()
        ],
        "attachments": [
            {"title": a.title, "url": absolute(a.get_absolute_url())}
            for a in case.attachments.all()
        ],
        "licence": case.licence,
        "licence_url": case.licence_url,
    }


def filtered(params: DilemmaFilters, path: str):
    """The published cases the list page shows for these filters (dilemmas.filters, the
    same parsing); a value the page would ignore is refused here, in Swedish."""
    given = {
        k: v
        for k, v in (
            ("tema", params.tema),
            ("princip", params.princip),
            ("malgrupp", params.malgrupp),
        )
        if v is not None
    }
    result = apply_filters(given, Dilemma.objects.published(), [], path)
    messages = {
        "tema": _("Det finns inget tema med det kortnamnet."),
        "princip": _("Det finns ingen värdegrundsprincip med det kortnamnet."),
        "malgrupp": _("Målgruppen ska vara chefer, medarbetare eller ledningsgrupp."),
    }
    for name in given:
        if name not in result.filters:
            raise BadParameter(name, messages[name])
    queryset = result.queryset
    if params.from_:
        queryset = queryset.filter(publish_at__date__gte=params.from_)
    if params.to:
        queryset = queryset.filter(publish_at__date__lte=params.to)
    return queryset


@router.get(
    "/dilemman/",
    response={200: schemas.Page[schemas.DilemmaSummary], 422: schemas.Error},
    summary="Dilemman",
    description="Publicerade dilemman, nyast först, filtrerade som på sidan /dilemman/.",
)
def list_dilemmas(request, response: HttpResponse, params: Query[DilemmaFilters]):
    queryset = filtered(params, request.path).prefetch_related("themes", "principles")
    return page(request, response, queryset, params, summary)


@router.get(
    "/dilemman/{slug}/",
    response={200: schemas.One[schemas.DilemmaOut], 404: schemas.Error},
    summary="Ett dilemma",
    description="Hela fallet: situationen, frågorna i ordning, stöd till samtalsledaren, "
    "regler, teman, principer, relaterade fall och länkar till PDF och bilagor.",
)
def get_dilemma(request, response: HttpResponse, slug: str):
    queryset = Dilemma.objects.published().prefetch_related(*case_parts())
    return one(response, detail(get_object_or_404(queryset, slug=slug)))


@router.get(
    "/teman/",
    response={200: schemas.Page[schemas.ThemeOut], 422: schemas.Error},
    summary="Teman",
    description="Alla teman och undertema, i den ordning sidan visar dem.",
)
def list_themes(request, response: HttpResponse, paging: Query[Paging]):
    def item(theme):
        return {
            "url": absolute(theme.get_absolute_url()),
            "slug": theme.slug,
            "name": theme.name,
            "parent": theme.parent.slug if theme.parent_id else None,
        }

    return page(request, response, Theme.objects.select_related("parent"), paging, item)


@router.get(
    "/principer/",
    response={200: schemas.Page[schemas.PrincipleOut], 422: schemas.Error},
    summary="Värdegrundsprinciper",
    description="Den statliga värdegrundens sex principer.",
)
def list_principles(request, response: HttpResponse, paging: Query[Paging]):
    def item(principle):
        return {
            "url": absolute(principle.get_absolute_url()),
            "slug": principle.slug,
            "name": principle.name,
            "legal_source": principle.legal_source,
            "description": principle.description,
        }

    return page(request, response, Principle.objects.all(), paging, item)
