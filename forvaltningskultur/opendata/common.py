"""What every open-data answer shares: the licence, absolute links, Swedish time,
pagination and the Swedish refusal of a parameter that cannot be read."""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date
from ninja import Schema
from ninja.errors import HttpError
from pydantic import Field

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Statskontoret, En god förvaltningskultur i staten"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class BadParameter(HttpError):
    """A parameter that was read but names nothing (an unknown theme): 422, in Swedish."""

    def __init__(self, parameter: str, message: str):
        super().__init__(422, message)
        self.parameter = parameter


def licence() -> dict:
    return {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION}


def absolute(path: str) -> str:
    """A path on this site as an absolute URL (SITE_URL, never the request's host)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def local(value):
    """An aware datetime in Swedish time, so it is written with the +01:00/+02:00 offset."""
    return timezone.localtime(value) if value is not None else None


class Paging(Schema):
    sida: int = Field(1, ge=1, le=10_000, description="Sidans nummer, från 1.")
    per_sida: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Poster per sida, högst {MAX_PAGE_SIZE}.",
    )


def page(request, response, queryset, paging: Paging, item) -> dict:
    """One page of `queryset`, each row made into a dict by `item`, in the list envelope.
    Sets Last-Modified (`modified`)."""
    count = queryset.count()
    start = (paging.sida - 1) * paging.per_sida
    rows = list(queryset[start : start + paging.per_sida]) if start < count else []
    items = [item(row) for row in rows]
    last_page = max(1, math.ceil(count / paging.per_sida))

    def link(number):
        params = [(k, v) for k, v in request.GET.items() if k != "sida"]
        params.append(("sida", str(number)))
        return absolute(request.path) + "?" + urlencode(params)

    modified(response, [i.get("updated_at") for i in items])
    return {
        "licence": licence(),
        "count": count,
        "page": paging.sida,
        "page_size": paging.per_sida,
        "next": link(paging.sida + 1) if paging.sida < last_page else None,
        "previous": link(min(paging.sida - 1, last_page)) if paging.sida > 1 else None,
        "items": items,
    }


def one(response, item: dict) -> dict:
    modified(response, [item["updated_at"]])
    return {"licence": licence(), "item": item}


def modified(response, times):
    """Last-Modified: the newest of the items' own times and the last change anything
    shown may have had. An item unpublished, deleted or renamed elsewhere (a theme)
    changes a list without changing what it still shows, so the items' times alone would
    answer a stale 304 to If-Modified-Since. The page cache's state has that moment: its
    content version (at least the time of the last save or delete, in µs) and its epoch
    (the last scheduled publication, opening or closing passed)."""
    from forvaltningskultur.pagecache import state

    moments = [t.timestamp() for t in times if t is not None]
    try:
        snapshot = state.current()
    except state.Unavailable:
        pass  # no database: the items' own times
    else:
        moments.append(max(snapshot.content, snapshot.epoch) / 1_000_000)
    if moments:
        response["Last-Modified"] = http_date(max(moments))
