from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    name = "producers"
    verbose_name = _("Producers")

    def ready(self):
        from . import policies

        policies.register()
        from . import menu

        menu.register()  # staff registry: menu entry and dashboard cards
