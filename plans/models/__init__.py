"""Data of the plans app, one module per topic: the plan (text, milestones, windows, products,
versions), targets, tasks and duties, training, funding, periodic reports and revenue figures.

State changes go through :mod:`plans.services`; these models hold data and row invariants.
Every model is re-exported here, so ``from plans.models import Task`` keeps working.
"""

# isort: off
# Import order is the models' registration order (as in the former single module).
from .log import WorkflowLog
from .plan import (
    Amendment,
    AnnualPlan,
    AnnualPlanQuerySet,
    HistoricalAnnualPlan,
    HistoricalLegalBasis,
    HistoricalMilestone,
    HistoricalPlanProduct,
    HistoricalStepWindow,
    LegalBasis,
    Milestone,
    PlanProduct,
    PlanVersion,
    StepWindow,
)
from .targets import HistoricalTarget, Target
from .tasks import (
    GROUP_HEADINGS,
    DutyTemplate,
    HistoricalDutyTemplate,
    HistoricalProgressReport,
    HistoricalTask,
    LeadGroup,
    ProgressAttachment,
    ProgressReport,
    Recurrence,
    Task,
    TaskQuerySet,
    progress_attachment_path,
)
from .training import HistoricalTrainingSession, TrainingAttendance, TrainingSession
from .funding import Allocation, Disbursement, FundingSource, HistoricalAllocation, HistoricalDisbursement
from .reports import (
    HistoricalPeriodicReport,
    HistoricalRevenueReport,
    Period,
    PeriodicReport,
    RevenueReport,
    period_bounds,
)

# isort: on

__all__ = [
    "GROUP_HEADINGS",
    "Allocation",
    "Amendment",
    "AnnualPlan",
    "AnnualPlanQuerySet",
    "Disbursement",
    "DutyTemplate",
    "FundingSource",
    "HistoricalAllocation",
    "HistoricalAnnualPlan",
    "HistoricalDisbursement",
    "HistoricalDutyTemplate",
    "HistoricalLegalBasis",
    "HistoricalMilestone",
    "HistoricalPeriodicReport",
    "HistoricalPlanProduct",
    "HistoricalProgressReport",
    "HistoricalRevenueReport",
    "HistoricalStepWindow",
    "HistoricalTarget",
    "HistoricalTask",
    "HistoricalTrainingSession",
    "LeadGroup",
    "LegalBasis",
    "Milestone",
    "Period",
    "PeriodicReport",
    "PlanProduct",
    "PlanVersion",
    "ProgressAttachment",
    "ProgressReport",
    "Recurrence",
    "RevenueReport",
    "StepWindow",
    "Target",
    "Task",
    "TaskQuerySet",
    "TrainingAttendance",
    "TrainingSession",
    "WorkflowLog",
    "period_bounds",
    "progress_attachment_path",
]
