"""Dilemmas and codes of ethics in the sitemap."""

from forvaltningskultur.sitemaps import list_pages_sitemap, published_sitemap

from .models import CodeOfEthics, Dilemma

sitemaps = {
    "dilemman": published_sitemap(Dilemma, "slug"),
    "dilemmasidor": list_pages_sitemap(**{"dilemmas:list": Dilemma, "codes:list": CodeOfEthics}),
}
