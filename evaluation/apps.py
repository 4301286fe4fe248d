from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and star ranking")

    def ready(self):
        from dossiers import services as dossier_services
        from ocop_portal import dashboard
        from ocop_portal.navigation import NavItem, add

        from . import eligibility, policies
        from .dashboard import cards

        policies.register()
        dossier_services.register_return_guard(eligibility.dossier_in_round)
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
        dashboard.register(cards)
        from ocop_portal import todo

        from . import todo as evaluation_todo

        todo.register(evaluation_todo.todo_items)
