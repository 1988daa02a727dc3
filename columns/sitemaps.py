"""Columns and their authors in the sitemap."""

from forvaltningskultur.sitemaps import SiteSitemap, list_pages_sitemap, published_sitemap

from .models import Author, Column


class AuthorSitemap(SiteSitemap):
    def items(self):
        return Author.objects.public()

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "kronikor": published_sitemap(Column, "-publish_at"),
    "kronikor-lista": list_pages_sitemap(**{"columns:list": Column}),
    "skribenter": AuthorSitemap,
}
