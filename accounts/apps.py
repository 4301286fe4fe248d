from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and administrative units")

    def ready(self):
        from django.core import checks
        from django.db.backends.signals import connection_created

        from ocop_portal.collation import register_collation
        from ocop_portal.navigation import NavItem, add
        from ocop_portal.search import set_trigram_thresholds
        from ocop_portal.site import check_site_url
        from ocop_portal.tables import install as install_table_signatures

        from . import branding, policies, signals, throttle  # noqa: F401 - connects the receivers

        connection_created.connect(set_trigram_thresholds, dispatch_uid="ocop.trigram_thresholds")
        connection_created.connect(register_collation, dispatch_uid="ocop.vietnamese_collation")
        install_table_signatures()  # django-tables2 reads each cell's render signature once, not per cell

        checks.register(check_site_url)  # production needs SITE_URL (ocop_portal/site.py)
        policies.register()
        add(NavItem(_("Dashboard"), "dashboard", ("*",), "speedometer2", order=0))
