from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Evidence dossiers")

    def ready(self):
        from ocop_portal import dashboard
        from ocop_portal.navigation import NavItem, add

        from . import policies
        from .dashboard import dashboard_cards

        policies.register()
        add(
            NavItem(
                _("Dossiers"),
                "dossiers:list",
                ("province", "admin", "district", "commune", "council"),
                "folder2-open",
                order=35,
            )
        )
        # The producer works on their own pages (issue 18), which lead to their dossiers.
        add(
            NavItem(
                _("My products and dossiers"),
                "dossiers:producer_work",
                ("producer",),
                "folder2-open",
                order=35,
            )
        )
        add(
            NavItem(
                _("Commune reports"), "dossiers:commune_reports", ("commune",), "clipboard-check", order=36
            )
        )
        add(
            NavItem(
                _("Batches"), "dossiers:calls", ("province", "admin", "district"), "calendar-check", order=37
            )
        )
        dashboard.register(dashboard_cards)
        from ocop_portal import todo

        from . import todo as dossiers_todo

        todo.register(dossiers_todo.todo_items)
