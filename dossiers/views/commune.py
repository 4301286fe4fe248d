"""Commune assessment reports: list, start, fill in the local criteria, submit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django_tables2 import SingleTableMixin

from accounts import access
from accounts.models import Role
from ocop_portal import confirm
from ocop_portal.uploads.serving import file_response
from ocop_portal.workflow import TransitionRefused

from .. import checks, services
from ..forms import (
    CommuneReportForm,
    CommuneReportStartForm,
)
from ..models import (
    CommuneAssessment,
    CommuneReport,
)
from ..tables import CommuneReportTable
from .base import (
    REPORT_READERS,
    RolesMixin,
    _refused,
)


class CommuneReportListView(RolesMixin, SingleTableMixin, ListView):
    roles = REPORT_READERS
    table_class = CommuneReportTable
    template_name = "dossiers/commune_report_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            access.visible(self.request.user, CommuneReport)
            .select_related("commune", "call", "call__regulation")
            .annotate(item_count=Count("items"))
            .order_by("-call__year", "commune__name", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_start"] = access.role_of(user) == Role.COMMUNE
        if ctx["can_start"]:
            ctx["waiting"] = checks.awaiting_commune_report(user.unit)
        return ctx


class CommuneReportCreateView(RolesMixin, FormView):
    roles = (Role.COMMUNE,)
    form_class = CommuneReportStartForm
    template_name = "dossiers/commune_report_start.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            report = services.start_commune_report(
                commune=self.request.user.unit, call=form.cleaned_data["call"], by=self.request.user
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        return redirect("dossiers:commune_report_edit", pk=report.pk)


def visible_report(user, pk) -> CommuneReport:
    return get_object_or_404(
        access.visible(user, CommuneReport).select_related("commune", "call", "call__regulation"), pk=pk
    )


class CommuneReportDetailView(RolesMixin, DetailView):
    roles = REPORT_READERS
    template_name = "dossiers/commune_report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return visible_report(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        ctx["items"] = list(
            report.items.select_related("dossier", "dossier__product").prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=CommuneAssessment.objects.select_related("criterion", "option").order_by(
                        "criterion__order"
                    ),
                )
            )
        )
        ctx["can_edit"] = not report.is_submitted and access.can_change(self.request.user, report)
        return ctx


class CommuneReportEditView(RolesMixin, FormView):
    """Fill the draft: meeting, chair, participants, and the four criteria for each product."""

    roles = (Role.COMMUNE, Role.ADMIN)
    form_class = CommuneReportForm
    template_name = "dossiers/commune_report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in self.roles:
            self.report = visible_report(request.user, kwargs["pk"])
            if not access.can_change(request.user, self.report):
                raise PermissionDenied
            if self.report.is_submitted:
                messages.info(request, _("This report is submitted and can no longer be changed."))
                return redirect(self.report)
            services.sync_report_items(self.report)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.save_commune_report(
                self.report,
                by=self.request.user,
                meeting_date=data["meeting_date"],
                chair_name=data["chair_name"],
                chair_title=data["chair_title"],
                participants=data["participants"],
                conclusion=data["conclusion"],
                answers=form.answers(),
                minutes=data.get("minutes") or None,
            )
        except TransitionRefused as exc:  # nothing was saved (one transaction)
            messages.error(self.request, exc.message)
            return redirect("dossiers:commune_report_edit", pk=self.report.pk)
        if "submit" in self.request.POST:
            self.report.refresh_from_db()
            refusal = checks.commune_report_refusal(self.report)
            if refusal:
                # The draft is saved; say so, then why it could not be sent.
                messages.error(
                    self.request, _("The draft was saved but not submitted: %(reason)s") % {"reason": refusal}
                )
                return redirect("dossiers:commune_report_edit", pk=self.report.pk)
            # The draft is saved (reversible); sending is asked first, then done by the submit view.
            return report_confirmation(self.request, self.report)
        messages.success(self.request, _("The draft was saved."))
        return redirect("dossiers:commune_report_edit", pk=self.report.pk)


class CommuneReportMinutesView(RolesMixin, View):
    """The scan of the signed and stamped minutes, to the readers of the report only."""

    roles = REPORT_READERS

    def get(self, request, pk):
        report = visible_report(request.user, pk)
        if not report.minutes:
            raise Http404
        return file_response(report.minutes, filename=report.minutes_name or "bien-ban.pdf", inline=True)


class CommuneReportSubmitView(RolesMixin, View):
    roles = (Role.COMMUNE, Role.ADMIN)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = visible_report(request.user, pk)
        if not access.can_change(request.user, report):
            raise PermissionDenied
        if not confirm.is_confirmed(request):
            return report_confirmation(request, report)
        try:
            services.submit_commune_report(report, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The report is submitted and now part of the dossiers."))
        return redirect(report)


def report_confirmation(request, report: CommuneReport):
    return confirm.confirm_page(
        request,
        action_url=reverse("dossiers:commune_report_submit", args=[report.pk]),
        title=_("Send the commune report?"),
        subject=str(report),
        consequences=[
            _("The report and its signed minutes become part of the dossiers of the products it assesses."),
            _("The district and the evaluating level read it there; the commune can no longer change it."),
            _("A correction needs a supplementary report."),
        ],
        back_url=report.get_absolute_url(),
        button=_("Confirm: send the report"),
    )
