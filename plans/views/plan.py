"""The plan: list, create, read, edit (amend), publish, copy, history, sections, target values,
dashboard, Excel export and PDF. The product list and the six-step board are in :mod:`.board`."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access, territory
from ocop_portal import confirm
from ocop_portal.pdf import signature_lines
from ocop_portal.workflow import TransitionRefused
from products import workflows as product_workflows

from .. import board, exports, figures, pdf_jobs, services, tasks, workflows
from ..filters import PlanFilter
from ..forms import (
    CopyPlanForm,
    LegalBasisFormSet,
    MilestoneFormSet,
    PlanEditForm,
    PlanForm,
    ReasonForm,
    StepWindowFormSet,
    TargetFormSet,
    TargetValueForm,
)
from ..models import (
    Allocation,
    AnnualPlan,
    Disbursement,
    Milestone,
    PlanProduct,
    PlanVersion,
    ProgressReport,
    Target,
    Task,
)
from ..sections import implementation_section
from ..tables import PlanTable
from .base import PROVINCIAL, STAFF, PlanMixin, ProvincialPlanMixin, RoleRequiredMixin, refused


class PlanListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    template_name = "plans/plan_list.html"
    table_class = PlanTable
    filterset_class = PlanFilter
    paginate_by = settings.OCOP_PAGE_SIZE

    def get_queryset(self):
        return access.visible(self.request.user, AnnualPlan).select_related("province")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_provincial"] = self.is_provincial
        return ctx


class CurrentPlanView(RoleRequiredMixin, View):
    """Shortcut to this year's plan (its dashboard), or the list when there is none."""

    def get(self, request):
        plan = (
            access.visible(request.user, AnnualPlan)
            .filter(year=timezone.localdate().year)
            .order_by("-status")
            .first()
        )
        if plan is None:
            messages.info(request, _("There is no plan for this year yet."))
            return redirect("plans:list")
        return redirect("plans:dashboard", plan.pk)


class PlanCreateView(RoleRequiredMixin, FormView):
    roles = PROVINCIAL
    template_name = "plans/plan_form.html"
    form_class = PlanForm

    def get_initial(self):
        year = timezone.localdate().year
        return {"year": year, "title": f"Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm {year}"}

    def form_valid(self, form):
        # the province served when the plan is made: a past year's plan belongs to that year's province
        today, year = timezone.localdate(), form.cleaned_data["year"]
        province = territory.served_province(today if year >= today.year else datetime.date(year, 1, 1))
        if province is None:
            raise Http404
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("year", "title")}
        try:
            plan = services.create_plan(
                province=province,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                by=self.request.user,
                **data,
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft plan was created."))
        return redirect(plan)


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan, user = self.plan, self.request.user
        today = timezone.localdate()
        ctx["legal_bases"] = plan.legal_bases.all()
        ctx["milestones"] = plan.milestones.all()
        ctx["windows"] = plan.step_windows.all()
        ctx["targets"] = plan.targets.all()
        ctx["today"] = today
        tasks = access.visible(user, Task).filter(plan=plan)
        ctx["task_counts"] = figures.task_status_counts(plan, tasks, today)
        ctx["implementation"] = implementation_section(plan)
        ctx["product_counts"] = (
            access.visible(user, PlanProduct)
            .filter(plan=plan)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        ctx["amendment_count"] = plan.amendments.count()
        ctx["signature"] = signature_lines(plan.signer_title)
        ctx["publish"] = workflows.PLAN.available(plan.status, self.role) if self.is_provincial else []
        ctx["recipients"] = [line.strip() for line in plan.recipients.splitlines() if line.strip()]
        return ctx


class PlanEditView(ProvincialPlanMixin, FormView):
    template_name = "plans/plan_form.html"
    form_class = PlanEditForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": AnnualPlan.objects.get(pk=self.plan.pk)}

    def form_valid(self, form):
        fields = {f: form.cleaned_data[f] for f in AnnualPlan.TEXT_FIELDS}
        try:
            amendment = services.update_plan(
                self.plan, by=self.request.user, reason=form.cleaned_data.get("reason", ""), **fields
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        if amendment:
            messages.success(self.request, _("Amendment recorded: version %(v)s.") % {"v": amendment.version})
        else:
            messages.success(self.request, _("The plan was saved."))
        return redirect(self.plan)


class PlanPublishView(ProvincialPlanMixin, View):
    def post(self, request, pk):
        if not confirm.is_confirmed(request):
            return confirm.confirm_page(
                request,
                title=_("Publish the plan?"),
                subject=str(self.plan),
                consequences=[
                    _("The plan becomes version 1, visible to the departments, districts and communes."),
                    _("It can no longer be unpublished; later changes are recorded as new versions."),
                ],
                back_url=self.plan.get_absolute_url(),
                button=_("Confirm: publish the plan"),
            )
        try:
            services.publish_plan(self.plan, by=request.user)
        except TransitionRefused as exc:
            return refused(request, exc, self.plan)
        messages.success(request, _("The plan is published (version 1)."))
        return redirect(self.plan)


class PlanCopyView(ProvincialPlanMixin, FormView):
    template_name = "plans/plan_copy.html"
    form_class = CopyPlanForm

    def get_initial(self):
        return {"year": self.plan.year + 1}

    def form_valid(self, form):
        try:
            new = services.copy_plan(self.plan, form.cleaned_data["year"], by=self.request.user)
        except TransitionRefused as exc:
            form.add_error("year", exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("A draft for %(year)s was started from this plan.") % {"year": new.year}
        )
        return redirect(new)


class PlanHistoryView(PlanMixin, TemplateView):
    template_name = "plans/plan_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["amendments"] = self.plan.amendments.select_related("by")
        ctx["versions"] = self.plan.versions.select_related("created_by").order_by("-number")
        ctx["log"] = services.log_for(self.plan)
        return ctx


class PlanVersionView(PlanMixin, TemplateView):
    template_name = "plans/plan_version.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = get_object_or_404(PlanVersion, plan=self.plan, number=self.kwargs["number"])
        ctx["version"] = version
        ctx["snap"] = version.snapshot
        ctx["pretty"] = json.dumps(version.snapshot, ensure_ascii=False, indent=2)
        return ctx


class SectionView(ProvincialPlanMixin, TemplateView):
    """Edit one section of the plan as a formset; amendments when published."""

    template_name = "plans/plan_section.html"
    formset_class = None
    section = ""
    title = ""

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.formset_class(data, instance=self.plan, prefix=self.section)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        ctx.setdefault("reason_form", ReasonForm(plan=self.plan))
        ctx["section_title"] = self.title
        ctx["section"] = self.section
        return ctx

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        reason_form = ReasonForm(request.POST, plan=self.plan)
        if formset.is_valid() and reason_form.is_valid():
            try:
                amendment = services.save_section(
                    self.plan,
                    formset,
                    section=self.section,
                    by=request.user,
                    reason=reason_form.cleaned_data.get("reason", ""),
                )
            except TransitionRefused as exc:
                messages.error(request, exc.message)
            else:
                if amendment:
                    messages.success(
                        request, _("Amendment recorded: version %(v)s.") % {"v": amendment.version}
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(formset=formset, reason_form=reason_form))


class LegalBasesView(SectionView):
    formset_class = LegalBasisFormSet
    section = "legal_bases"

    @property
    def title(self):
        return _("Legal bases")


class MilestonesView(SectionView):
    formset_class = MilestoneFormSet
    section = "milestones"

    @property
    def title(self):
        return _("Milestones")


class StepWindowsView(SectionView):
    formset_class = StepWindowFormSet
    section = "step_windows"
    template_name = "plans/plan_windows.html"

    @property
    def title(self):
        return _("Step windows")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["computed"] = [
            (step, product_workflows.CYCLE_STEPS[step], start, end)
            for step, (start, end) in services.compute_step_windows(self.plan).items()
        ]
        kind_labels = dict(Milestone.Kind.choices)  # the milestone kinds as people read them, not their codes
        ctx["mapping"] = [
            (step, product_workflows.CYCLE_STEPS[step], [kind_labels.get(k, k) for k in kinds])
            for step, kinds in workflows.STEP_MILESTONE_KINDS.items()
        ]
        return ctx


class PrefillWindowsView(ProvincialPlanMixin, View):
    def post(self, request, pk):
        try:
            services.prefill_step_windows(self.plan, by=request.user, reason=request.POST.get("reason", ""))
        except TransitionRefused as exc:
            return refused(request, exc, reverse("plans:step_windows", args=[pk]))
        messages.success(request, _("The step windows were computed from the milestones."))
        return redirect("plans:step_windows", pk)


class TargetsView(SectionView):
    formset_class = TargetFormSet
    section = "targets"

    @property
    def title(self):
        return _("Targets")


class TargetValueView(RoleRequiredMixin, FormView):
    roles = PROVINCIAL
    template_name = "plans/target_value.html"
    form_class = TargetValueForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in STAFF:
            self.target = get_object_or_404(access.visible(request.user, Target), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Target.objects.get(pk=self.target.pk)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "target": self.target, "plan": self.target.plan}

    def form_valid(self, form):
        services.set_manual_value(
            self.target,
            form.cleaned_data["manual_value"],
            note=form.cleaned_data["manual_note"],
            by=self.request.user,
        )
        messages.success(self.request, _("The value was recorded."))
        return redirect("plans:dashboard", self.target.plan_id)


class DashboardView(PlanMixin, TemplateView):
    template_name = "plans/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan, user = self.plan, self.request.user
        today = timezone.localdate()
        rows = []
        for t in plan.targets.all():
            m = t.measure()
            rows.append((t, m, m.percent_of_goal(t.goal_value)))
        ctx["target_rows"] = rows
        ctx["chart"] = {
            "labels": [t.label[:60] for t, _m, _p in rows],
            "percent": [min(p, 150) if p is not None else None for _t, _m, p in rows],
            "on_track": [m.on_track for _t, m, _p in rows],
        }
        entries = access.visible(user, PlanProduct).filter(plan=plan)
        _rows, totals = board.cycle_board(plan, entries, [], as_of=today)
        ctx["cycle_totals"] = totals
        ctx["steps"] = [(s, product_workflows.CYCLE_STEPS[s]) for s in board.STEPS]
        ctx["batches"] = board.batch_progress(plan, entries, today)
        tasks = access.visible(user, Task).filter(plan=plan)
        ctx["task_counts"] = figures.task_status_counts(plan, tasks, today)
        reports = access.visible(user, ProgressReport)
        ctx["late_tasks"] = (
            tasks.overdue(today)
            .with_progress(reports)
            .select_related("lead_department")
            .order_by("due_date")[:10]
        )
        # The DARD board of department reports: each task's latest reported percent, newest first.
        ctx["reported_tasks"] = (
            tasks.with_progress(reports).latest_reported().select_related("lead_department")[:10]
        )
        alloc = access.visible(user, Allocation).filter(plan=plan)
        disb = access.visible(user, Disbursement).filter(plan=plan)
        ctx["funding_rows"], ctx["funding_totals"] = figures.funding_summary(alloc, disb)
        ctx["upcoming"] = (
            plan.milestones.with_deadline().filter(deadline_on__gte=today).order_by("deadline_on", "pk")[:5]
        )
        ctx["today"] = today
        return ctx


class ExportView(ProvincialPlanMixin, View):
    def get(self, request, pk):
        user, plan = request.user, self.plan
        tasks = (
            access.visible(user, Task)
            .filter(plan=plan)
            .select_related("lead_department")
            .prefetch_related("cooperating", "reports")
            .order_by("order", "pk")
        )
        content = exports.plan_workbook_bytes(
            plan,
            entries=access.visible(user, PlanProduct),
            tasks=tasks,
            allocations=access.visible(user, Allocation).filter(plan=plan),
            disbursements=access.visible(user, Disbursement).filter(plan=plan),
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="ocop-plan-{plan.year}.xlsx"'
        return response


class PlanPdfView(PlanMixin, View):
    """The plan as a print-ready PDF with its product appendix, laid out ahead of the request
    (:mod:`plans.pdf_jobs`). Not stored yet: a page that polls this URL with htmx (the fragment) and
    offers the PDF when it is ready; without JavaScript its link asks again."""

    def get(self, request, pk):
        pdf = tasks.pdf_for_download(self.plan)
        if pdf.state == pdf_jobs.READY and not request.htmx:
            return FileResponse(
                pdf.path.open("rb"),
                content_type="application/pdf",
                filename=f"ke-hoach-ocop-{self.plan.year}.pdf",
            )
        template = "plans/plan_pdf_progress.html" if request.htmx else "plans/plan_pdf.html"
        return render(request, template, {"plan": self.plan, "pdf": pdf})
