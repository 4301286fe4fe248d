"""Views of the plans app, one module per section (plan, board and product list, tasks, training,
funding, reports)."""
