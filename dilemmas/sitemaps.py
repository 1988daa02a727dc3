"""Sitemap entries for published dilemma cases and the codes of ethics page."""

from django.urls import reverse

from forvaltningskultur.sitemaps import SiteSitemap

from .models import CodeOfEthics, Dilemma


class DilemmaSitemap(SiteSitemap):
    def items(self):
        return Dilemma.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class DilemmaPagesSitemap(SiteSitemap):
    def items(self):
        return ["dilemmas:list", "codes:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        model = Dilemma if item == "dilemmas:list" else CodeOfEthics
        latest = model.objects.published().order_by("-updated_at").first()
        return latest.updated_at if latest else None


sitemaps = {"dilemman": DilemmaSitemap, "dilemmasidor": DilemmaPagesSitemap}
