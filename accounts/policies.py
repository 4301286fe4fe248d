"""Access rules for the accounts app's own models."""

from . import access
from .models import AdministrativeUnit, Department, User


def register():
    # Units are reference data: every signed-in staff member may read them.
    access.register(
        AdministrativeUnit,
        access.Policy(
            view={
                r: (lambda user, qs: qs) for r in ("district", "commune", "department", "council", "producer")
            },
        ),
    )
    access.register(
        Department,
        access.Policy(
            view={
                r: (lambda user, qs: qs) for r in ("district", "commune", "department", "council", "producer")
            },
        ),
    )
    # Users: provincial staff manage everyone; district officers see their district's people.
    access.register(User, access.Policy(unit="unit", department_can_view=False))
