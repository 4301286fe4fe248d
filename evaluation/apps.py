from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and star ranking")

    def ready(self):
        from ocop_portal import dashboard
        from ocop_portal.navigation import NavItem, add

        from . import policies, policies_rounds
        from .dashboard import cards

        policies.register()
        policies_rounds.register()
        from . import dossiers_nav  # issue 4: dossier menu entries and dashboard cards

        dossiers_nav.register()
        add(
            NavItem(
                _("Evaluation"),
                "evaluation:round_list",
                ("province", "district", "department", "admin"),
                "clipboard-check",
                order=40,
            )
        )
        add(NavItem(_("My score sheets"), "evaluation:my_sheets", ("council",), "pencil-square", order=41))
        add(
            NavItem(
                _("Certificates"),
                "evaluation:certificate_list",
                ("province", "district", "commune", "admin", "producer"),
                "award",
                order=45,
            )
        )
        add(
            NavItem(
                _("Inspections"),
                "evaluation:inspection_list",
                ("department", "province", "admin"),
                "shield-exclamation",
                order=46,
            )
        )
        dashboard.register(cards)
