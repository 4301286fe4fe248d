"""Every state change of the plans app, one module per topic: one transaction each,
TransitionRefused on a refused move. Every public name is re-exported here
(``from plans import services; services.publish_plan(...)`` keeps working).

- :mod:`.plan` — create, edit (amendments once published), publish, step windows, the product
  list, copy to a new year, manual target values; :mod:`.amendments` — snapshots and versions;
  :mod:`.batches` — a published plan's dossier batches are its call's batches (one date each).
- :mod:`.tasks` — department tasks, progress reports with evidence, recurrence, the duty library.
- :mod:`.training`, :mod:`.funding`, :mod:`.reports` (periodic reports and revenue figures).
"""

from .amendments import snapshot
from .batches import bind_batches, provincial_call
from .common import PROVINCIAL, log_for
from .funding import record_allocation, record_disbursement, unspent
from .plan import (
    SECTION_FIELDS,
    SECTION_MODELS,
    add_products,
    compute_step_windows,
    copy_plan,
    create_plan,
    evaluation_deadline,
    prefill_step_windows,
    publish_plan,
    remove_product,
    save_section,
    set_manual_value,
    update_plan,
)
from .reports import (
    create_periodic_report,
    record_revenue,
    return_periodic_report,
    submit_periodic_report,
    update_periodic_report,
)
from .tasks import (
    add_progress_report,
    can_manage_task,
    can_report,
    create_tasks_from_templates,
    save_duty_template,
    save_task,
    spawn_due_occurrences,
    spawn_next_occurrence,
    transition_task,
)
from .training import add_attendees, remove_attendance, save_training_session

__all__ = [
    "bind_batches",
    "provincial_call",
    "PROVINCIAL",
    "SECTION_FIELDS",
    "SECTION_MODELS",
    "add_attendees",
    "add_products",
    "add_progress_report",
    "can_manage_task",
    "can_report",
    "compute_step_windows",
    "copy_plan",
    "create_periodic_report",
    "create_plan",
    "evaluation_deadline",
    "create_tasks_from_templates",
    "log_for",
    "prefill_step_windows",
    "publish_plan",
    "record_allocation",
    "record_disbursement",
    "record_revenue",
    "remove_attendance",
    "remove_product",
    "return_periodic_report",
    "save_duty_template",
    "save_section",
    "save_task",
    "save_training_session",
    "set_manual_value",
    "snapshot",
    "spawn_due_occurrences",
    "spawn_next_occurrence",
    "submit_periodic_report",
    "transition_task",
    "unspent",
    "update_periodic_report",
    "update_plan",
]
