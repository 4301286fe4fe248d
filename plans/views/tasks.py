"""Department tasks: lists, creation (by hand or from the duty library), progress, attachments."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin, SingleTableView

from accounts import access
from accounts.models import Role
from ocop_portal.uploads.serving import file_response
from ocop_portal.workflow import TransitionRefused

from .. import services, workflows
from ..filters import TaskFilter
from ..forms import DutyTemplateForm, ProgressReportForm, TaskForm, TemplatePickForm, TransitionForm
from ..models import DutyTemplate, ProgressAttachment, ProgressReport, Task
from ..tables import DutyTemplateTable, TaskTable
from .base import PROVINCIAL, STAFF, ProvincialPlanMixin, RoleRequiredMixin, refused


class TaskListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    template_name = "plans/task_list.html"
    table_class = TaskTable
    filterset_class = TaskFilter
    paginate_by = settings.OCOP_PAGE_SIZE

    def get_queryset(self):
        return (
            access.visible(self.request.user, Task)
            .select_related("plan", "lead_department")
            .with_progress(access.visible(self.request.user, ProgressReport))
            .order_by("-plan__year", F("due_date").asc(nulls_last=True), "order", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:  # this year's tasks unless asked otherwise
            kwargs["data"] = {"year": str(timezone.localdate().year)}
        return kwargs


class TaskCreateView(ProvincialPlanMixin, FormView):
    template_name = "plans/task_form.html"
    form_class = TaskForm

    def form_valid(self, form):
        task = form.save(commit=False)
        task.plan = self.plan
        try:
            services.save_task(task, by=self.request.user, cooperating=form.cleaned_data["cooperating"])
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The task was created."))
        return redirect(task)


class TaskFromTemplatesView(ProvincialPlanMixin, FormView):
    template_name = "plans/task_from_templates.html"
    form_class = TemplatePickForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        groups: dict[str, list] = {}
        by_pk = {t.pk: t for t in form.fields["templates"].queryset}
        for choice in form["templates"]:
            tpl = by_pk.get(int(str(choice.data["value"])))
            heading = tpl.section_heading or tpl.lead_name if tpl else ""
            groups.setdefault(heading, []).append((choice, tpl))
        ctx["groups"] = list(groups.items())
        ctx["used"] = self.plan.tasks.filter(template__isnull=False).count()
        return ctx

    def form_valid(self, form):
        created = services.create_tasks_from_templates(
            self.plan, form.cleaned_data["templates"], by=self.request.user
        )
        messages.success(self.request, _("%(n)s tasks created from the library.") % {"n": len(created)})
        return redirect("plans:detail", self.plan.pk)


class TaskMixin(RoleRequiredMixin):
    def get_task(self):
        if not hasattr(self, "_task"):
            self._task = get_object_or_404(
                access.visible(self.request.user, Task).select_related("plan", "lead_department"),
                pk=self.kwargs["pk"],
            )
        return self._task


class TaskDetailView(TaskMixin, DetailView):
    template_name = "plans/task_detail.html"
    context_object_name = "task"

    def get_object(self, queryset=None):
        return self.get_task()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        ctx["reports"] = (
            access.visible(user, ProgressReport)
            .filter(task=task)
            .select_related("by", "department", "unit")
            .prefetch_related("attachments")
        )
        ctx["latest_report"] = task.latest_report_in(access.visible(user, ProgressReport))
        ctx["can_manage"] = services.can_manage_task(user, task)
        ctx["can_report"] = services.can_report(user, task)
        ctx["transitions"] = workflows.TASK.available(task.status, self.role) if ctx["can_manage"] else []
        ctx["log"] = services.log_for(task)
        ctx["next_occurrence"] = task.next_occurrences.first()
        ctx["is_provincial"] = self.is_provincial
        ctx["cooperating"] = task.cooperating.all()
        return ctx


class TaskEditView(TaskMixin, FormView):
    template_name = "plans/task_form.html"
    form_class = TaskForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in STAFF:
            self.get_task()
            if access.role_of(request.user) not in PROVINCIAL:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Task.objects.get(pk=self.get_task().pk)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "task": self.get_task(), "plan": self.get_task().plan}

    def form_valid(self, form):
        task = form.save(commit=False)
        try:
            services.save_task(task, by=self.request.user, cooperating=form.cleaned_data["cooperating"])
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The task was saved."))
        return redirect(task)


class TaskTransitionView(TaskMixin, View):
    def post(self, request, pk, action):
        task = self.get_task()
        if not services.can_manage_task(request.user, task):
            raise PermissionDenied
        form = TransitionForm(request.POST)
        form.is_valid()
        try:
            services.transition_task(
                task, action, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except TransitionRefused as exc:
            return refused(request, exc, task)
        messages.success(request, _("Status changed to “%(s)s”.") % {"s": task.status_label})
        return redirect(task)


class TaskReportView(TaskMixin, FormView):
    template_name = "plans/task_report.html"
    form_class = ProgressReportForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in STAFF:
            if not services.can_report(request.user, self.get_task()):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "task": self.get_task()}

    def form_valid(self, form):
        try:
            services.add_progress_report(
                self.get_task(),
                by=self.request.user,
                text=form.cleaned_data["text"],
                percent=form.cleaned_data["percent"],
                date=form.cleaned_data["date"],
                files=form.cleaned_data["files"],
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Progress reported."))
        return redirect(self.get_task())


class TaskSpawnView(TaskMixin, View):
    def post(self, request, pk):
        task = self.get_task()
        if not services.can_manage_task(request.user, task):
            raise PermissionDenied
        try:
            nxt = services.spawn_next_occurrence(task, by=request.user)
        except TransitionRefused as exc:
            return refused(request, exc, task)
        messages.success(request, _("Next occurrence due %(d)s.") % {"d": nxt.due_date.strftime("%d/%m/%Y")})
        return redirect(nxt)


class AttachmentView(RoleRequiredMixin, View):
    """Evidence files are never served from MEDIA_URL: only through this access check."""

    def get(self, request, pk):
        attachment = get_object_or_404(access.visible(request.user, ProgressAttachment), pk=pk)
        # Downloaded as an attachment, typed by the stored bytes (never by the name).
        return file_response(attachment.file, filename=attachment.original_name)


class DutyTemplateListView(RoleRequiredMixin, SingleTableView):
    roles = (*PROVINCIAL, Role.DEPARTMENT, Role.DISTRICT)
    template_name = "plans/duty_list.html"
    table_class = DutyTemplateTable
    paginate_by = 100

    def get_queryset(self):
        return access.visible(self.request.user, DutyTemplate).select_related("lead_department")

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if not self.is_provincial:
            table.columns.hide("edit")
        return table

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "is_provincial": self.is_provincial}


class DutyTemplateFormView(RoleRequiredMixin, FormView):
    roles = PROVINCIAL
    template_name = "plans/duty_form.html"
    form_class = DutyTemplateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(DutyTemplate, pk=self.kwargs["pk"])
        return kwargs

    def form_valid(self, form):
        services.save_duty_template(
            form.save(commit=False), cooperating=form.cleaned_data["cooperating"], by=self.request.user
        )
        messages.success(self.request, _("The duty was saved."))
        return redirect("plans:duty_list")
