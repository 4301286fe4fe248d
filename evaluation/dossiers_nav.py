"""Menu entries and dashboard cards of the dossier pages (called from EvaluationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from ocop_portal import dashboard
from ocop_portal.navigation import NavItem, add


def register():
    from .views_dossiers import dashboard_cards

    add(
        NavItem(
            _("Dossiers"),
            "dossiers:list",
            ("province", "admin", "district", "commune", "council", "producer"),
            "folder2-open",
            order=35,
        )
    )
    add(NavItem(_("Commune reports"), "dossiers:commune_reports", ("commune",), "clipboard-check", order=36))
    add(
        NavItem(_("Batches"), "dossiers:calls", ("province", "admin", "district"), "calendar-check", order=37)
    )
    dashboard.register(dashboard_cards)
