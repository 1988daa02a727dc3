"""Codes of ethics and guest columns with their authors, as on /etiska-koder/ and
/kronikor/."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from columns.models import Column
from dilemmas.models import CodeOfEthics
from forvaltningskultur.richtext import render_html

from .. import schemas
from ..common import Paging, absolute, local, one, page

router = Router(tags=["Etiska koder och krönikor"])


def code_item(code: CodeOfEthics) -> dict:
    return {
        "url": absolute(code.get_absolute_url()),
        "updated_at": local(code.updated_at),
        "agency": code.agency,
        "title": code.title,
        "year": code.year,
        "summary": code.summary,
        "document_url": absolute(code.file.url) if code.file else code.url,
        "is_example": code.is_example,
    }


@router.get(
    "/etiska-koder/",
    response={200: schemas.Page[schemas.CodeOut], 422: schemas.Error},
    summary="Etiska koder",
    description="Myndigheters etiska koder, som på /etiska-koder/.",
)
def list_codes(request, response: HttpResponse, paging: Query[Paging]):
    queryset = CodeOfEthics.objects.published().order_by("agency", "-year", "pk")
    return page(request, response, queryset, paging, code_item)


def column_item(column: Column) -> dict:
    author = column.author
    return {
        "url": absolute(column.get_absolute_url()),
        "updated_at": local(column.updated_at),
        "slug": column.slug,
        "title": column.title,
        "introduction": column.introduction,
        "body_html": str(render_html(column.body)),
        "language": column.language,
        "author": {
            "name": author.name,
            "role": author.role,
            "organisation": author.organisation,
            "bio": author.bio,
            "url": absolute(author.get_absolute_url()),
        },
        "published_at": local(column.publish_at),
    }


def columns():
    return Column.objects.published().select_related("author").order_by("-publish_at", "-pk")


@router.get(
    "/kronikor/",
    response={200: schemas.Page[schemas.ColumnOut], 422: schemas.Error},
    summary="Krönikor",
    description="Publicerade krönikor, nyast först, med skribenten.",
)
def list_columns(request, response: HttpResponse, paging: Query[Paging]):
    return page(request, response, columns(), paging, column_item)


@router.get(
    "/kronikor/{slug}/",
    response={200: schemas.One[schemas.ColumnOut], 404: schemas.Error},
    summary="En krönika",
)
def get_column(request, response: HttpResponse, slug: str):
    return one(response, column_item(get_object_or_404(columns(), slug=slug)))
