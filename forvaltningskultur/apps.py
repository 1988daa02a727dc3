"""The site-wide app: start page, editable pages and the shared building blocks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForvaltningskulturConfig(AppConfig):
    name = "forvaltningskultur"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from . import search

        search.connect_signals()
