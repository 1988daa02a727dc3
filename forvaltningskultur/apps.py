"""The site-wide app: start page, editable pages and the shared building blocks."""

from importlib import import_module

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

# The content apps, independent of each other; the site app gathers from them.
CONTENT_APPS = ("seminars", "courses", "dilemmas", "columns", "material")
# Every app whose models are the site's content (the site's own pages included).
SITE_APPS = ("forvaltningskultur", *CONTENT_APPS)


class ForvaltningskulturConfig(AppConfig):
    name = "forvaltningskultur"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import pagecache, roles, search
        from .auth_admin import apply_swedish_names

        apply_swedish_names()  # third-party models and apps without Swedish names

        search.connect_signals()
        pagecache.connect_signals()
        import_module("forvaltningskultur.registration.signals").connect_signals()
        post_migrate.connect(roles.sync_group_permissions, dispatch_uid="sync-group-permissions")
        # Once per migrate (per release, and after a restore): cached pages start afresh.
        post_migrate.connect(pagecache.new_release, sender=self, dispatch_uid="pagecache-release")
        # A release that changed what is indexed empties the index: built again at once.
        post_migrate.connect(search.rebuild_if_empty, sender=self, dispatch_uid="search-rebuild")


class SiteAdminConfig(admin_apps.AdminConfig):
    """Django admin with the site's own AdminSite (titles, two-factor login)."""

    default = False
    default_site = "forvaltningskultur.admin_site.SiteAdmin"
