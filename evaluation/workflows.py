"""The evaluation round workflow, declared once."""

from django.utils.translation import gettext_lazy as _

from ocop_portal.workflow import Transition, Workflow

ORGANISERS = ("province", "district", "admin")

ROUND = Workflow(
    "round",
    states={
        "setup": _("Setting up"),
        "scoring": _("Scoring open"),
        "closed": _("Scoring closed"),
        "decided": _("Decision issued"),
    },
    transitions=[
        Transition("open_scoring", ("setup",), "scoring", _("Open scoring"), roles=ORGANISERS),
        Transition("close_scoring", ("scoring",), "closed", _("Close scoring"), roles=ORGANISERS),
        Transition(
            "reopen_scoring", ("closed",), "scoring", _("Reopen scoring"), needs_reason=True, roles=ORGANISERS
        ),
        Transition("record_decision", ("closed",), "decided", _("Record the decision"), roles=ORGANISERS),
    ],
)
