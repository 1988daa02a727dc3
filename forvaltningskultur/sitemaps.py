"""The sitemap: the site's own pages plus whatever each content app contributes.

Each app may have a `sitemaps.py` with a `sitemaps` dict; it is gathered here so the
apps stay independent of each other.
"""

from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .apps import CONTENT_APPS
from .models import AccessibilityStatement, Page, StartPage


class SiteSitemap(Sitemap):
    """Sitemap whose absolute links come from SITE_URL, not from the request."""

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, _, domain = settings.SITE_URL.partition("://")
        return super().get_urls(page=page, site=SimpleNamespace(domain=domain), protocol=scheme)


class PublishedSitemap(SiteSitemap):
    """The published objects of one model, each dated by its last change."""

    model = None
    ordering = ()

    def items(self):
        return self.model.objects.published().order_by(*self.ordering)

    def lastmod(self, item):
        return item.updated_at


class ListPagesSitemap(SiteSitemap):
    """List pages by URL name, each dated by the newest change among its model's items."""

    pages = {}  # URL name -> model listed there

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        newest = self.pages[item].objects.published().order_by("-updated_at")
        return newest.values_list("updated_at", flat=True).first()


def published_sitemap(model, *ordering):
    return type(
        f"{model.__name__}Sitemap", (PublishedSitemap,), {"model": model, "ordering": ordering}
    )


def list_pages_sitemap(**pages):
    """list_pages_sitemap(**{"seminars:list": Seminar}): pages given as URL name=model."""
    return type("ListPagesSitemap", (ListPagesSitemap,), {"pages": pages})


class StartSitemap(SiteSitemap):
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        start = StartPage.objects.first()
        return start.updated_at if start else None


class PageSitemap(SiteSitemap):
    def items(self):
        return list(Page.objects.published()) + list(AccessibilityStatement.objects.all()[:1])

    def lastmod(self, item):
        return item.updated_at


def all_sitemaps():
    sitemaps = {"start": StartSitemap, "sidor": PageSitemap}
    for app in CONTENT_APPS:
        try:
            module = import_module(f"{app}.sitemaps")
        except ModuleNotFoundError:
            continue
        sitemaps.update(getattr(module, "sitemaps", {}))
    return sitemaps
