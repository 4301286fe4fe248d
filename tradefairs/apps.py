from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradefairsConfig(AppConfig):
    name = "tradefairs"
    verbose_name = _("Trade promotion")

    def ready(self):
        from ocop_portal import dashboard
        from ocop_portal.navigation import NavItem, add
        from products import cache

        from . import opendata, policies, sitemaps
        from .models import Fair, Participation, SalesPoint
        from .views import dashboard_cards

        policies.register()
        opendata.register()
        sitemaps.register()
        # Public pages show sales points and fairs: their changes invalidate the cached pages.
        cache.watch(SalesPoint, Fair, Participation)
        managers = ("province", "admin", "department", "district")
        add(NavItem(_("Fairs"), "tradefairs:fair_manage", managers, "shop", order=60))
        add(NavItem(_("Sales points"), "tradefairs:salespoint_manage", managers, "geo-alt", order=61))
        dashboard.register(dashboard_cards)
