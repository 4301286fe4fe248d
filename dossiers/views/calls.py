"""Calls for dossiers with their batches and per-district quotas."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from accounts import access
from accounts.levels import is_two_tier
from accounts.models import AdministrativeUnit, Role
from accounts.successions import history_paths, were_within

from .. import batches, checks
from ..models import (
    DossierCall,
)
from .base import (
    CALL_READERS,
    RolesMixin,
)


def quota_districts(user, call: DossierCall):
    """Districts whose quota rows the user sees for ``call``."""
    role = access.role_of(user)
    # The level under the province: districts, or communes/wards in a two-tier province — and, for the
    # call of a unit that succeeded others (the city after the 2025 merger), the old province's districts.
    paths = history_paths(call.issuing_unit)
    districts = were_within(call.issuing_unit, AdministrativeUnit.objects.local()).order_by("name")
    if role in (Role.DISTRICT, Role.COMMUNE):
        district = user.unit.local_unit if user.unit_id else None
        return districts.filter(pk=district.pk) if district else districts.none()
    if len(paths) > 1:  # a merged unit: the rows with a plan quota or a dossier, not ~100 empty ones
        districts = districts.filter(
            Q(pk__in=call.district_quotas.values("district_id"))
            | Q(pk__in=call.dossiers.values("product__commune__local_unit_id"))
        )
    return districts


class CallListView(RolesMixin, ListView):
    roles = CALL_READERS
    template_name = "dossiers/call_list.html"
    context_object_name = "calls"

    def get_queryset(self):
        return checks.calls_for(self.request.user).prefetch_related("batches").order_by("-year", "level")


class CallDetailView(RolesMixin, DetailView):
    """Batches of a call and, per district, registered products vs. submitted by each deadline."""

    roles = CALL_READERS
    template_name = "dossiers/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_object_or_404(checks.calls_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        call = self.object
        ctx["batches"] = list(call.batches.all())
        owners = batches.owners_of(ctx["batches"])
        ctx["batch_rows"] = [(b, owners.get(b.pk)) for b in ctx["batches"]]
        ctx["rows"] = checks.district_quotas(call, quota_districts(self.request.user, call))
        ctx["today"] = timezone.localdate()
        # Rows per district (three-tier) or per commune/ward (a two-tier province's call, since 2025).
        ctx["two_tier"] = is_two_tier(call.issuing_unit, datetime.date(call.year, 12, 31))
        return ctx
