from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Annual plans")

    def ready(self):
        from ocop_portal import dashboard
        from ocop_portal.navigation import NavItem, add

        # plans.targets registers the measuring function of each kind of target.
        from . import cards, policies, targets  # noqa: F401

        policies.register()
        from evaluation import services as evaluation_services

        from .services import evaluation_deadline

        # A new evaluation round closes scoring on the plan's evaluation milestone by default.
        evaluation_services.register_deadline_source(evaluation_deadline)
        add(
            NavItem(
                _("Plans"), "plans:list", ("province", "district", "department", "admin"), "calendar3", 40
            )
        )
        add(NavItem(_("Tasks"), "plans:task_list", ("department", "district"), "list-check", 41))
        dashboard.register(cards.plan_cards)
