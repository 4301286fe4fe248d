from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Products")

    def ready(self):
        from . import cache, policies

        policies.register()
        from . import menu

        menu.register()  # staff registry: menu entry and dashboard cards
        cache.connect_signals()  # public pages' cache invalidation
