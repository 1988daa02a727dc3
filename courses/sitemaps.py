"""Courses in the sitemap: each published course and the list."""

from forvaltningskultur.sitemaps import list_pages_sitemap, published_sitemap

from .models import Course

sitemaps = {
    "kurser": published_sitemap(Course, "title", "pk"),
    "kurser-lista": list_pages_sitemap(**{"courses:list": Course}),
}
