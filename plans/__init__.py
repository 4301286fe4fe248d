"""Annual OCOP plans: the plan text and six-step cycle (milestones, step windows, product list, board),
targets and their measurement, department tasks and the duty library, training, funding, periodic
reports and revenue figures."""
