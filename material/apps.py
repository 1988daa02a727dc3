from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialConfig(AppConfig):
    name = "material"
    verbose_name = _("Stödmaterial")

    def ready(self):
        from .dashboard import register_panel

        register_panel()
