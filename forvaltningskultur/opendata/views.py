"""The open-data page, the DCAT-AP-SE catalogue and the widgets for intranets."""

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from dilemmas.models import Dilemma
from seminars.models import Seminar

from . import dcat
from .common import ATTRIBUTION, LICENCE_NAME, LICENCE_URL, MAX_PAGE_SIZE

WIDGET_ITEMS = 5


def open_data_page(request):
    site = settings.SITE_URL
    context = {
        "api_url": site + reverse("api:api-root"),
        "docs_url": site + reverse("api:openapi-view"),
        "schema_url": site + reverse("api:openapi-json"),
        "catalogue_url": site + reverse("opendata-dcat"),
        "calendar_url": site + reverse("seminars:feed"),
        "rss_url": site + reverse("columns:feed"),
        "seminar_widget_url": site + reverse("widget-seminars"),
        "dilemma_widget_url": site + reverse("widget-dilemmas"),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "max_page_size": MAX_PAGE_SIZE,
    }
    return render(request, "opendata/open_data.html", context)


def catalogue(request):
    return HttpResponse(dcat.catalogue_rdf(), content_type="application/rdf+xml; charset=utf-8")


def frameable(view):
    """Any site may frame a widget (the rest of the site stays DENY / 'none')."""
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


@frameable
def seminar_widget(request):
    seminars = list(
        Seminar.objects.published()
        .upcoming()
        .filter(is_cancelled=False)
        .order_by("starts_at", "pk")[:WIDGET_ITEMS]
    )
    context = {"seminars": seminars, "more_url": settings.SITE_URL + reverse("seminars:list")}
    return render(request, "opendata/widget_seminars.html", context)


@frameable
def dilemma_widget(request):
    dilemmas = list(Dilemma.objects.published().defer("scenario", "leader_guide")[:WIDGET_ITEMS])
    context = {"dilemmas": dilemmas, "more_url": settings.SITE_URL + reverse("dilemmas:list")}
    return render(request, "opendata/widget_dilemmas.html", context)
