"""The product lifecycle, declared once, and its mapping to the six-step OCOP cycle."""

from django.utils.translation import gettext_lazy as _

from ocop_portal.workflow import Transition, Workflow

IDEA_REGISTERED = "idea_registered"
IDEA_ACCEPTED = "idea_accepted"
IDEA_RETURNED = "idea_returned"
PLAN_SUBMITTED = "plan_submitted"
PLAN_APPROVED = "plan_approved"
PLAN_RETURNED = "plan_returned"
IN_DEVELOPMENT = "in_development"
DOSSIER_SUBMITTED = "dossier_submitted"
EVALUATED = "evaluated"
RECOGNISED = "recognised"
NOT_REACHED = "not_reached"
EXPIRED = "expired"
RERATING = "rerating"
REVOKED = "revoked"

STAFF = ("province", "district", "admin")
PROVINCE_ONLY = ("province", "admin")
# Moves a producer takes on their own product (their self-service pages): resubmitting an improved
# idea and sending the business plan. Staff may still take them for a producer without a login.
STAFF_OR_PRODUCER = (*STAFF, "producer")
# Moves that follow another record and are taken only by that record's services (``taken_by``): the
# product says "dossier submitted" because its dossier was submitted, "evaluated" because a round
# closed, "recognised" because a certificate was issued — never because someone clicked a button.
BY_DOSSIER = ("dossiers",)
BY_EVALUATION = ("evaluation",)
BY_CERTIFICATE = ("certificates",)
# Historical records (evaluated before the portal, without a dossier in it) are brought to
# "dossier submitted" by the round that evaluates them.
BY_DOSSIER_OR_ROUND = ("dossiers", "evaluation")

LIFECYCLE = Workflow(
    "product",
    states={
        IDEA_REGISTERED: _("Idea registered"),
        IDEA_ACCEPTED: _("Idea accepted"),
        IDEA_RETURNED: _("Idea returned"),
        PLAN_SUBMITTED: _("Business plan submitted"),
        PLAN_APPROVED: _("Business plan approved"),
        PLAN_RETURNED: _("Business plan returned"),
        IN_DEVELOPMENT: _("In development"),
        DOSSIER_SUBMITTED: _("Dossier submitted"),
        EVALUATED: _("Evaluated"),
        RECOGNISED: _("Recognised"),
        NOT_REACHED: _("Rank not reached"),
        EXPIRED: _("Certificate expired"),
        RERATING: _("Re-rating"),
        REVOKED: _("Revoked"),
    },
    transitions=[
        Transition("accept_idea", (IDEA_REGISTERED,), IDEA_ACCEPTED, _("Accept the idea"), roles=STAFF),
        Transition(
            "return_idea",
            (IDEA_REGISTERED,),
            IDEA_RETURNED,
            _("Return the idea"),
            needs_reason=True,
            roles=STAFF,
        ),
        Transition(
            "resubmit_idea",
            (IDEA_RETURNED,),
            IDEA_REGISTERED,
            _("Resubmit the idea"),
            roles=STAFF_OR_PRODUCER,
        ),
        Transition(
            "submit_plan",
            (IDEA_ACCEPTED, PLAN_RETURNED),
            PLAN_SUBMITTED,
            _("Submit the business plan"),
            roles=STAFF_OR_PRODUCER,
        ),
        Transition(
            "approve_plan", (PLAN_SUBMITTED,), PLAN_APPROVED, _("Approve the business plan"), roles=STAFF
        ),
        Transition(
            "return_plan",
            (PLAN_SUBMITTED,),
            PLAN_RETURNED,
            _("Return the business plan"),
            needs_reason=True,
            roles=STAFF,
        ),
        Transition(
            "start_development", (PLAN_APPROVED,), IN_DEVELOPMENT, _("Start implementation"), roles=STAFF
        ),
        Transition(
            "submit_dossier",
            (IN_DEVELOPMENT, RERATING),
            DOSSIER_SUBMITTED,
            _("Submit the dossier"),
            roles=STAFF,
            taken_by=BY_DOSSIER_OR_ROUND,
        ),
        Transition(
            "return_dossier",
            (DOSSIER_SUBMITTED,),
            IN_DEVELOPMENT,
            _("Return the dossier"),
            needs_reason=True,
            roles=STAFF,
            taken_by=BY_DOSSIER,
        ),
        Transition(
            "mark_evaluated",
            (DOSSIER_SUBMITTED,),
            EVALUATED,
            _("Record the evaluation"),
            roles=STAFF,
            taken_by=BY_EVALUATION,
        ),
        Transition(
            "recognise", (EVALUATED,), RECOGNISED, _("Recognise"), roles=STAFF, taken_by=BY_CERTIFICATE
        ),
        Transition(
            "not_reached",
            (EVALUATED,),
            NOT_REACHED,
            _("Rank not reached"),
            roles=STAFF,
            taken_by=BY_EVALUATION,
        ),
        Transition(
            "expire",
            (RECOGNISED,),
            EXPIRED,
            _("Certificate expired"),
            roles=PROVINCE_ONLY,
            taken_by=BY_CERTIFICATE,
        ),
        Transition(
            "start_rerating", (RECOGNISED, EXPIRED, NOT_REACHED), RERATING, _("Enter re-rating"), roles=STAFF
        ),
        Transition(
            "revoke",
            (RECOGNISED,),
            REVOKED,
            _("Revoke"),
            needs_reason=True,
            roles=PROVINCE_ONLY,
            taken_by=BY_CERTIFICATE,
        ),
    ],
)

# The six steps of the annual OCOP cycle (DOMAIN.md §3) as a view on the lifecycle.
CYCLE_STEPS = {
    1: _("Promotion and guidance"),
    2: _("Product idea registration"),
    3: _("Business plans"),
    4: _("Implementation"),
    5: _("Evaluation and ranking"),
    6: _("Trade promotion"),
}
STATE_TO_STEP = {
    IDEA_REGISTERED: 2,
    IDEA_RETURNED: 2,
    IDEA_ACCEPTED: 3,
    PLAN_SUBMITTED: 3,
    PLAN_RETURNED: 3,
    PLAN_APPROVED: 4,
    IN_DEVELOPMENT: 4,
    RERATING: 4,
    DOSSIER_SUBMITTED: 5,
    EVALUATED: 5,
    NOT_REACHED: 5,
    RECOGNISED: 6,
    EXPIRED: 4,
    REVOKED: 6,
}


def cycle_step(state: str) -> int:
    """The step of the six-step cycle a product in lifecycle ``state`` is at: the one mapping every
    page uses (product page, plan list, board, filters). A state outside the mapping is step 1."""
    return STATE_TO_STEP.get(state, 1)


def states_at_step(step: int) -> list[str]:
    """The lifecycle states whose :func:`cycle_step` is ``step``."""
    return [s for s in LIFECYCLE.states if cycle_step(s) == step]
