"""Mixins shared by the plans views: role gates and scoped object lookups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from ..models import AnnualPlan

STAFF = (Role.PROVINCE, Role.ADMIN, Role.DEPARTMENT, Role.DISTRICT, Role.COMMUNE)
PROVINCIAL = (Role.PROVINCE, Role.ADMIN)


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; signed-in users outside ``roles`` get 403."""

    roles: tuple[str, ...] = STAFF

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if access.role_of(request.user) not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def role(self):
        return access.role_of(self.request.user)

    @property
    def is_provincial(self) -> bool:
        return self.role in PROVINCIAL


class PlanMixin(RoleRequiredMixin):
    """Views under /plans/<pk>/: the plan comes from the user's visible plans (404 otherwise)."""

    plan_kwarg = "pk"
    _plan = None

    @property
    def plan(self) -> AnnualPlan:
        if self._plan is None:
            self._plan = get_object_or_404(
                access.visible(self.request.user, AnnualPlan).select_related("province"),
                pk=self.kwargs[self.plan_kwarg],
            )
        return self._plan

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["plan"] = self.plan
        ctx["is_provincial"] = self.is_provincial
        return ctx


class ProvincialPlanMixin(PlanMixin):
    """Plan pages only provincial staff may use (edits); others who can see the plan get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if access.role_of(request.user) not in STAFF:
            raise PermissionDenied
        self.plan  # 404 first for plans the user cannot see  # noqa: B018
        if access.role_of(request.user) not in PROVINCIAL:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def refused(request, exc: TransitionRefused, to):
    messages.error(request, exc.message)
    return redirect(to)
