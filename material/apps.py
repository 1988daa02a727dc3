from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialConfig(AppConfig):
    name = "material"
    # Not the name of its model (Stödmaterial): the sidebar links must differ by name.
    verbose_name = _("Stödmaterial och bidrag")

    def ready(self):
        from .dashboard import register_panel

        register_panel()
