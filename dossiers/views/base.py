"""Role sets and the loading of a dossier through the access policy, shared by the dossier views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from ..models import (
    Dossier,
)

# Department staff read the dossiers of the rounds whose council they sit on (the policy scopes it).
DOSSIER_READERS = (
    Role.PROVINCE,
    Role.ADMIN,
    Role.DISTRICT,
    Role.COMMUNE,
    Role.COUNCIL,
    Role.DEPARTMENT,
    Role.PRODUCER,
)
ASSEMBLERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT)
REPORT_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.COUNCIL)
CALL_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.COUNCIL, Role.DEPARTMENT)


class RolesMixin(LoginRequiredMixin):
    """Signed-in users of ``roles`` only (403 for the others)."""

    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _refused(request, exc: TransitionRefused):
    messages.error(request, exc.message)


def visible_dossier(user, pk) -> Dossier:
    return get_object_or_404(access.visible(user, Dossier).with_related(), pk=pk)


def changeable_dossier(user, pk) -> Dossier:
    dossier = visible_dossier(user, pk)
    if not access.can_change(user, dossier):
        raise PermissionDenied
    return dossier
