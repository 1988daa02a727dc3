"""Seminars in the sitemap: every published seminar, upcoming and past."""

from django.urls import reverse

from forvaltningskultur.sitemaps import SiteSitemap

from .models import Seminar


class SeminarSitemap(SiteSitemap):
    def items(self):
        return Seminar.objects.published().order_by("-starts_at")

    def lastmod(self, item):
        return item.updated_at


class SeminarIndexSitemap(SiteSitemap):
    def items(self):
        return ["seminars:list", "seminars:archive"]

    def location(self, item):
        return reverse(item)


sitemaps = {"seminarier": SeminarSitemap, "seminarier-listor": SeminarIndexSitemap}
