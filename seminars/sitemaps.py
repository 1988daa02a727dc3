"""Seminars in the sitemap: each published seminar and the two list pages."""

from forvaltningskultur.sitemaps import list_pages_sitemap, published_sitemap

from .models import Seminar

sitemaps = {
    "seminarier": published_sitemap(Seminar, "-starts_at"),
    "seminarier-listor": list_pages_sitemap(
        **{"seminars:list": Seminar, "seminars:archive": Seminar}
    ),
}
