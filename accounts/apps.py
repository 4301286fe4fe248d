from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and administrative units")

    def ready(self):
        from ocop_portal.navigation import NavItem, add

        from . import policies, signals  # noqa: F401 - connects the role → back-office receivers

        policies.register()
        add(NavItem(_("Dashboard"), "dashboard", ("*",), "speedometer2", order=0))
