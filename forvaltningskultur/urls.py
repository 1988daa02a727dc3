"""The site's URLs. Mails, calendars, PDFs and search engines hold the public addresses:
keep them stable."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from . import editor_links, views
from .sitemaps import all_sitemaps

page_patterns = (
    [
        path("om/", views.PageView.as_view(), {"slot": "om"}, name="om"),
        path(
            "personuppgifter/",
            views.PageView.as_view(),
            {"slot": "personuppgifter"},
            name="personuppgifter",
        ),
        path("kakor/", views.PageView.as_view(), {"slot": "kakor"}, name="kakor"),
        path("kontakt/", views.PageView.as_view(), {"slot": "kontakt"}, name="kontakt"),
        path("tillganglighetsredogorelse/", views.accessibility_statement, name="tillganglighet"),
    ],
    "pages",
)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include(page_patterns)),
    path("seminarier/", include("seminars.urls")),
    path("kurser/", include("courses.urls")),
    path("anmalan/", include("forvaltningskultur.registration.urls")),
    path("dilemman/", include("dilemmas.urls")),
    path("etiska-koder/", include("dilemmas.urls_codes")),
    path("kronikor/", include("columns.urls")),
    path("stodmaterial/", include("material.urls")),
    path("dela-material/", include("material.urls_submit")),
    path("sok/", views.search_view, name="search"),
    path("", include("forvaltningskultur.opendata.urls")),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": all_sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/anmalan/", include("forvaltningskultur.registration.staff_urls")),
    path("admin/redigeraren/lankar/", editor_links.links, name="richtext-links"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # One machine, no proxy: the app serves uploads itself. Behind a proxy or with S3,
    # set DJANGO_SERVE_MEDIA=off and let those serve /media/.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media, name="media"),
    ]

handler500 = "forvaltningskultur.views.server_error"
