"""What every staff view of evaluation shares: role gate, round loading, refusal messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import access
from ocop_portal.workflow import TransitionRefused

from ..models import Round

ORGANISER_ROLES = ("province", "district", "admin")


def _refused(request, exc: TransitionRefused):
    messages.error(request, exc.message)


class StaffMixin(LoginRequiredMixin):
    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles and access.role_of(request.user) not in self.allowed_roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoundMixin(StaffMixin):
    """Loads ``self.round`` from the URL through the access policy (404 outside the user's scope)."""

    edit = False

    def get_round(self):
        qs = (
            access.editable(self.request.user, Round)
            if self.edit
            else access.visible(self.request.user, Round)
        )
        return get_object_or_404(qs.select_related("regulation", "profile", "unit"), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if self.allowed_roles and access.role_of(request.user) not in self.allowed_roles:
                raise PermissionDenied
            self.round = self.get_round()
        return super().dispatch(request, *args, **kwargs)
