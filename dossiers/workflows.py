"""The evidence-dossier workflow and the commune-report workflow, declared once.

Dossier: draft → submitted → returned (reasons per kind) → resubmitted → accepted.
The district assembles and submits; the evaluating level (the call's level: provincial staff,
or the district itself for a district-level call) returns or accepts. Services check the finer
rule ("is this user the evaluating level of this call?"); the table only lists the roles.
"""

from django.utils.translation import gettext_lazy as _

from ocop_portal.workflow import Transition, Workflow

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
RESUBMITTED = "resubmitted"
ACCEPTED = "accepted"

# States in which the dossier sits with the evaluating level (council members may read it).
WITH_EVALUATORS = (SUBMITTED, RESUBMITTED, ACCEPTED)
# States in which the district may still change documents and the on-site attestation.
EDITABLE = (DRAFT, RETURNED)
# States counted as "submitted" for batch quotas (the first submission date counts).
SUBMITTED_AT_LEAST_ONCE = (SUBMITTED, RETURNED, RESUBMITTED, ACCEPTED)

ASSEMBLERS = ("district", "province", "admin")
REVIEWERS = ("district", "province", "admin")  # district only for district-level calls (service rule)

DOSSIER = Workflow(
    "dossier",
    states={
        DRAFT: _("Draft"),
        SUBMITTED: _("Submitted"),
        RETURNED: _("Returned for completion"),
        RESUBMITTED: _("Resubmitted"),
        ACCEPTED: _("Accepted for evaluation"),
    },
    transitions=[
        Transition("submit", (DRAFT,), SUBMITTED, _("Submit the dossier"), roles=ASSEMBLERS),
        Transition(
            "return",
            (SUBMITTED, RESUBMITTED),
            RETURNED,
            _("Return for completion"),
            needs_reason=True,
            roles=REVIEWERS,
        ),
        Transition("resubmit", (RETURNED,), RESUBMITTED, _("Resubmit the dossier"), roles=ASSEMBLERS),
        Transition("accept", (SUBMITTED, RESUBMITTED), ACCEPTED, _("Accept for evaluation"), roles=REVIEWERS),
    ],
)

# Groups of states the dashboard counts and the dossier list filters by (one definition for both).
TO_COMPLETE = "to_complete"
TO_REVIEW = "to_review"
STATUS_GROUPS = {
    TO_COMPLETE: EDITABLE,
    TO_REVIEW: (SUBMITTED, RESUBMITTED),
}
STATUS_FILTER_CHOICES = [
    (TO_COMPLETE, _("To complete (draft or returned)")),
    (TO_REVIEW, _("To review (submitted or resubmitted)")),
    *DOSSIER.choices,
]

# Transitions made by the assembling district vs. by the evaluating level (for buttons).
ASSEMBLER_ACTIONS = ("submit", "resubmit")
REVIEWER_ACTIONS = ("return", "accept")

REPORT_DRAFT = "draft"
REPORT_SUBMITTED = "submitted"

COMMUNE_REPORT = Workflow(
    "commune_report",
    states={REPORT_DRAFT: _("Draft"), REPORT_SUBMITTED: _("Submitted")},
    transitions=[
        Transition(
            "submit", (REPORT_DRAFT,), REPORT_SUBMITTED, _("Submit the report"), roles=("commune", "admin")
        ),
    ],
)
