"""Periodic reports of the districts to DARD, and producers' revenue figures."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from .. import figures, services, workflows
from ..filters import PeriodicReportFilter, RevenueFilter
from ..forms import PeriodicReportCreateForm, PeriodicReportEditForm, RevenueForm, TransitionForm
from ..models import PeriodicReport, RevenueReport
from ..tables import PeriodicReportTable, RevenueTable
from .base import PROVINCIAL, RoleRequiredMixin, refused

READERS = (*PROVINCIAL, Role.DEPARTMENT, Role.DISTRICT)
WRITERS = (*PROVINCIAL, Role.DISTRICT)


class ReportListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    roles = READERS
    template_name = "plans/report_list.html"
    table_class = PeriodicReportTable
    filterset_class = PeriodicReportFilter
    paginate_by = settings.OCOP_PAGE_SIZE

    def get_queryset(self):
        return access.visible(self.request.user, PeriodicReport).select_related("district")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_write": self.role in WRITERS}


class ReportCreateView(RoleRequiredMixin, FormView):
    roles = WRITERS
    template_name = "plans/report_form.html"
    form_class = PeriodicReportCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            report = services.create_periodic_report(by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The report was created as a draft."))
        return redirect(report)


class ReportMixin(RoleRequiredMixin):
    roles = READERS

    def get_report(self):
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(
                access.visible(self.request.user, PeriodicReport).select_related("district", "submitted_by"),
                pk=self.kwargs["pk"],
            )
        return self._report


class ReportDetailView(ReportMixin, DetailView):
    template_name = "plans/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return self.get_report()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        live = report.status == workflows.DRAFT
        data = (
            figures.district_figures(report.district, report.year, report.period) if live else report.figures
        )
        ctx["live"] = live
        ctx["figures"] = figures.flatten(data)
        ctx["by_step"] = sorted((data or {}).get("products", {}).get("by_step", {}).items())
        ctx["can_edit"] = live and access.can_change(self.request.user, report)
        ctx["can_return"] = not live and self.role in PROVINCIAL
        ctx["log"] = services.log_for(report)
        return ctx


class ReportEditView(ReportMixin, FormView):
    template_name = "plans/report_form.html"
    form_class = PeriodicReportEditForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in READERS:
            if not access.can_change(request.user, self.get_report()):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        r = self.get_report()
        return {"narrative": r.narrative, "difficulties": r.difficulties}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "report": self.get_report()}

    def form_valid(self, form):
        try:
            services.update_periodic_report(self.get_report(), by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The report was saved."))
        return redirect(self.get_report())


class ReportSubmitView(ReportMixin, View):
    def post(self, request, pk):
        report = self.get_report()
        if not access.can_change(request.user, report):
            raise PermissionDenied
        try:
            services.submit_periodic_report(report, by=request.user)
        except TransitionRefused as exc:
            return refused(request, exc, report)
        messages.success(request, _("The report was submitted to DARD with the portal's figures of today."))
        return redirect(report)


class ReportReturnView(ReportMixin, View):
    def post(self, request, pk):
        report = self.get_report()
        if self.role not in PROVINCIAL:
            raise PermissionDenied
        form = TransitionForm(request.POST)
        form.is_valid()
        try:
            services.return_periodic_report(
                report, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except TransitionRefused as exc:
            return refused(request, exc, report)
        messages.success(request, _("The report was returned to the district."))
        return redirect(report)


class RevenueListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    roles = (*READERS, Role.PRODUCER)
    template_name = "plans/revenue_list.html"
    table_class = RevenueTable
    filterset_class = RevenueFilter
    paginate_by = settings.OCOP_PAGE_SIZE

    def get_queryset(self):
        return access.visible(self.request.user, RevenueReport).select_related("producer", "product")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_write": self.role in (*WRITERS, Role.PRODUCER)}


class RevenueCreateView(RoleRequiredMixin, FormView):
    roles = (*WRITERS, Role.PRODUCER)
    template_name = "plans/revenue_form.html"
    form_class = RevenueForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.record_revenue(by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The figures were recorded."))
        return redirect("plans:revenue_list")
