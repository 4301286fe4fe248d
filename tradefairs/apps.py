from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradefairsConfig(AppConfig):
    name = "tradefairs"
    verbose_name = _("Trade promotion")

    def ready(self):
        from products import cache
        from products.views.public import extend

        from . import catalog, menu, opendata, policies, sitemaps
        from .models import Fair, Participation, SalesPoint

        policies.register()
        opendata.register()
        sitemaps.register()
        # Public pages show sales points and fairs: their changes invalidate the cached pages.
        cache.watch(SalesPoint, Fair, Participation)
        extend("detail", catalog.product_sections)
        extend("home", catalog.home_sections)
        menu.register()  # menu entries and dashboard cards
