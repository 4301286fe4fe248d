from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradefairsConfig(AppConfig):
    name = "tradefairs"
    verbose_name = _("Trade promotion")

    def ready(self):
        from products import cache

        from . import menu, opendata, policies, sitemaps
        from .models import Fair, Participation, SalesPoint

        policies.register()
        opendata.register()
        sitemaps.register()
        # Public pages show sales points and fairs: their changes invalidate the cached pages.
        cache.watch(SalesPoint, Fair, Participation)
        menu.register()  # menu entries and dashboard cards
