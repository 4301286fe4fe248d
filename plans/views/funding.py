"""Funding: allocated vs disbursed per locality, allocations (DARD) and disbursements (localities)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts import access
from accounts.models import AdministrativeUnit, Role
from ocop_portal.workflow import TransitionRefused

from .. import figures, services
from ..forms import AllocationForm, DisbursementForm
from ..models import Allocation, Disbursement
from .base import PROVINCIAL, PlanMixin, ProvincialPlanMixin


class FundingView(PlanMixin, TemplateView):
    template_name = "plans/funding.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        alloc = access.visible(user, Allocation).filter(plan=self.plan)
        disb = access.visible(user, Disbursement).filter(plan=self.plan)
        ctx["rows"], ctx["totals"] = figures.funding_summary(alloc, disb)
        ctx["low_rate"] = figures.LOW_SPENDING_RATE
        ctx["can_allocate"] = self.role in PROVINCIAL
        ctx["can_disburse"] = self.role in (*PROVINCIAL, Role.DISTRICT)
        ctx["surplus"] = [r for r in ctx["rows"] if r.low_spending]
        ctx["exhausted"] = [r for r in ctx["rows"] if r.allocated_total and r.remainder <= 0]
        return ctx


class FundingLocalityView(PlanMixin, TemplateView):
    template_name = "plans/funding_locality.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        locality = AdministrativeUnit.objects.filter(code=self.kwargs["code"]).first()
        if locality is None:
            raise Http404
        alloc = access.visible(user, Allocation).filter(plan=self.plan, locality=locality)
        disb = access.visible(user, Disbursement).filter(plan=self.plan, locality=locality)
        if access.role_of(user) not in (*PROVINCIAL, Role.DEPARTMENT) and not locality.path.startswith(
            user.unit.path if user.unit_id else "\0"
        ):
            raise Http404
        ctx["locality"] = locality
        ctx["allocations"] = alloc.select_related("created_by")
        ctx["disbursements"] = disb.select_related("reported_by")
        ctx["allocated"] = alloc.aggregate(s=Sum("amount"))["s"] or 0
        ctx["disbursed"] = disb.aggregate(s=Sum("amount"))["s"] or 0
        ctx["remainder"] = ctx["allocated"] - ctx["disbursed"]
        return ctx


class AllocationCreateView(ProvincialPlanMixin, FormView):
    template_name = "plans/funding_form.html"
    form_class = AllocationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "plan": self.plan}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New allocation")}

    def form_valid(self, form):
        try:
            services.record_allocation(self.plan, by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The allocation was recorded."))
        return redirect(reverse("plans:funding", args=[self.plan.pk]))


class DisbursementCreateView(PlanMixin, FormView):
    roles = (*PROVINCIAL, Role.DISTRICT)
    template_name = "plans/funding_form.html"
    form_class = DisbursementForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "plan": self.plan}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Report a disbursement")}

    def form_valid(self, form):
        try:
            services.record_disbursement(self.plan, by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The disbursement was recorded."))
        return redirect(reverse("plans:funding", args=[self.plan.pk]))
