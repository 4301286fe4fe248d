"""Workflows of the plans app, declared once: the plan, a department task, a periodic report.

The product's six-step cycle is *not* declared here: it is a view on the product lifecycle
(``products.workflows.STATE_TO_STEP`` / ``CYCLE_STEPS``). What belongs to the plan is the
mapping from each step to the milestone kinds that close its window (:data:`STEP_MILESTONE_KINDS`).
"""

from django.utils.translation import gettext_lazy as _

from ocop_portal.workflow import Transition, Workflow

PROVINCE_ONLY = ("province", "admin")

# --- Annual plan: draft → published (edits of a published plan are amendments) --------------
DRAFT, PUBLISHED = "draft", "published"
PLAN = Workflow(
    "plan",
    states={DRAFT: _("Draft"), PUBLISHED: _("Published")},
    transitions=[Transition("publish", (DRAFT,), PUBLISHED, _("Publish"), roles=PROVINCE_ONLY)],
)

# --- Department task: open → in progress → done ----------------------------------------------
OPEN, IN_PROGRESS, DONE = "open", "in_progress", "done"
TASK_STAFF = ("province", "admin", "department")
TASK = Workflow(
    "task",
    states={OPEN: _("Open"), IN_PROGRESS: _("In progress"), DONE: _("Done")},
    transitions=[
        Transition("start", (OPEN,), IN_PROGRESS, _("Start"), roles=TASK_STAFF),
        Transition("complete", (OPEN, IN_PROGRESS), DONE, _("Mark as done"), roles=TASK_STAFF),
        Transition("reopen", (DONE,), IN_PROGRESS, _("Reopen"), needs_reason=True, roles=PROVINCE_ONLY),
    ],
)

# --- Periodic report of a district to DARD: draft → submitted (DARD may return it) -----------
SUBMITTED = "submitted"
REPORT = Workflow(
    "periodic_report",
    states={DRAFT: _("Draft"), SUBMITTED: _("Submitted")},
    transitions=[
        Transition("submit", (DRAFT,), SUBMITTED, _("Submit to DARD"), roles=("district", *PROVINCE_ONLY)),
        Transition(
            "return", (SUBMITTED,), DRAFT, _("Return for changes"), needs_reason=True, roles=PROVINCE_ONLY
        ),
    ],
)

# --- The six-step cycle: which milestone kinds close each step's window ----------------------
# Step numbers are products.workflows.CYCLE_STEPS. A step with no milestone kind ends where the
# next one starts (step 1) or at the end of the plan year (step 6).
STEP_MILESTONE_KINDS: dict[int, tuple[str, ...]] = {
    1: (),
    2: ("idea_registration",),
    3: ("plan_registration",),
    4: ("dossier_batch",),
    5: ("district_evaluation", "province_evaluation"),
    6: (),
}
