"""Views of the plans app, one module per section (plan, tasks, training, funding, reports)."""
