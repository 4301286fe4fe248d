"""Signals of plans: what other parts of the plans app react to without ``plans.services`` importing them."""

from django.dispatch import Signal

# Sent once a change to a published plan (its text, milestones or tasks) is committed: ``plan_id``.
# ``plans.tasks.on_plan_changed`` queues the plan's PDF to be laid out ahead of its download.
plan_changed = Signal()
