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
        _connect_batches()
        from . import signals, tasks

        signals.plan_changed.connect(tasks.on_plan_changed, dispatch_uid="plans.prerender_pdf")
        add(
            NavItem(
                _("Plans"), "plans:list", ("province", "district", "department", "admin"), "calendar3", 40
            )
        )
        add(NavItem(_("Tasks"), "plans:task_list", ("department", "district"), "list-check", 41))
        dashboard.register(cards.plan_cards)
        from ocop_portal import todo

        from . import todo as plans_todo

        todo.register(plans_todo.todo_items)


def _connect_batches():
    """A published plan's dossier batches are its call's batches (plans.services.batches): the call
    shows bound batches as the plan's, and a call or batch created after publication gets bound."""
    from django.db import transaction
    from django.db.models.signals import post_save

    from dossiers import batches
    from dossiers.models import DossierCall, SubmissionBatch

    from .services.batches import batch_owners, bind_after_call_change

    batches.register_owner(batch_owners)

    def call_saved(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        call = instance if isinstance(instance, DossierCall) else instance.call
        # After the commit: the back office saves a new call before its inline batches.
        transaction.on_commit(lambda: bind_after_call_change(call))

    post_save.connect(call_saved, sender=DossierCall, dispatch_uid="plans.bind_call")
    post_save.connect(call_saved, sender=SubmissionBatch, dispatch_uid="plans.bind_batch")
