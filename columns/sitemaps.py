"""Columns and their authors in /sitemap.xml."""

from forvaltningskultur.sitemaps import SiteSitemap

from .models import Author, Column


class ColumnSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Column.objects.published()

    def lastmod(self, item):
        return item.updated_at


class AuthorSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Author.objects.public()

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"kronikor": ColumnSitemap, "skribenter": AuthorSitemap}
