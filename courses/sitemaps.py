"""Courses in the sitemap: every published course, and the course list."""

from django.urls import reverse

from forvaltningskultur.sitemaps import SiteSitemap

from .models import Course


class CourseSitemap(SiteSitemap):
    def items(self):
        return Course.objects.published().order_by("title", "pk")

    def lastmod(self, item):
        return item.updated_at


class CourseIndexSitemap(SiteSitemap):
    def items(self):
        return ["courses:list"]

    def location(self, item):
        return reverse(item)


sitemaps = {"kurser": CourseSitemap, "kurser-lista": CourseIndexSitemap}
