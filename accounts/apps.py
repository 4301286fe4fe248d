from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and administrative units")

    def ready(self):
        from django.db.backends.signals import connection_created

        from ocop_portal.navigation import NavItem, add
        from ocop_portal.search import set_trigram_thresholds

        from . import policies, signals  # noqa: F401 - connects the role → back-office receivers

        connection_created.connect(set_trigram_thresholds, dispatch_uid="ocop.trigram_thresholds")

        policies.register()
        add(NavItem(_("Dashboard"), "dashboard", ("*",), "speedometer2", order=0))
