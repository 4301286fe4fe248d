"""Access rules: a notification is its recipient's alone, whatever the role (DARD included).
The reminder log is a back-office journal: provincial staff and admins only."""

from accounts import access
from accounts.models import Role

from .models import Notification, ReminderLog


def _own(user, qs):
    return qs.filter(recipient=user)


def _none(user, qs):
    return qs.none()


def register():
    own = {role: _own for role in Role.values}
    access.register(Notification, access.Policy(view=own, change=own))
    access.register(
        ReminderLog,
        access.Policy(
            department_can_view=False,
            view={Role.DISTRICT: _none, Role.COMMUNE: _none},
            change={Role.DISTRICT: _none, Role.COMMUNE: _none},
        ),
    )
