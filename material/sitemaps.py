"""The library in the sitemap."""

from forvaltningskultur.sitemaps import list_pages_sitemap, published_sitemap

from .models import Material

sitemaps = {
    "stodmaterial": published_sitemap(Material, "slug"),
    "stodmaterialsidor": list_pages_sitemap(**{"material:list": Material}),
}
