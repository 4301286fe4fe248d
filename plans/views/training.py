"""Training sessions and their attendees (feeding the training targets)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_tables2 import SingleTableView

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from .. import services
from ..forms import AttendeesForm, TrainingSessionForm
from ..models import TrainingAttendance, TrainingSession
from ..tables import TrainingTable
from .base import PROVINCIAL, STAFF, PlanMixin, RoleRequiredMixin, refused

RECORDERS = (*PROVINCIAL, Role.DISTRICT)


class TrainingListView(PlanMixin, SingleTableView):
    template_name = "plans/training_list.html"
    table_class = TrainingTable
    paginate_by = 50

    def get_queryset(self):
        return (
            access.visible(self.request.user, TrainingSession)
            .filter(plan=self.plan)
            .select_related("unit")
            .annotate(n_attendees=Count("attendances"))
            .order_by("-date", "pk")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_record": self.role in RECORDERS}


class TrainingCreateView(PlanMixin, FormView):
    roles = RECORDERS
    template_name = "plans/training_form.html"
    form_class = TrainingSessionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "plan": self.plan}

    def form_valid(self, form):
        session = form.save(commit=False)
        session.plan = self.plan
        try:
            services.save_training_session(session, by=self.request.user)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The session was recorded; now add its attendees."))
        return redirect(session)


class SessionMixin(RoleRequiredMixin):
    def get_session(self):
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(
                access.visible(self.request.user, TrainingSession).select_related(
                    "plan", "unit", "unit__level"
                ),
                pk=self.kwargs["pk"],
            )
        return self._session

    def require_change(self):
        if not access.can_change(self.request.user, self.get_session()):
            raise PermissionDenied


class TrainingDetailView(SessionMixin, DetailView):
    template_name = "plans/training_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return self.get_session()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.object
        ctx["plan"] = session.plan
        ctx["attendances"] = session.attendances.select_related("user", "producer", "unit")
        ctx["can_change"] = access.can_change(self.request.user, session)
        if ctx["can_change"]:
            ctx.setdefault("form", AttendeesForm(session=session))
        return ctx


class TrainingEditView(SessionMixin, FormView):
    template_name = "plans/training_form.html"
    form_class = TrainingSessionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in STAFF:
            self.require_change()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        session = self.get_session()
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "plan": session.plan,
            "instance": TrainingSession.objects.get(pk=session.pk),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "plan": self.get_session().plan,
            "session": self.get_session(),
        }

    def form_valid(self, form):
        try:
            session = services.save_training_session(form.save(commit=False), by=self.request.user)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The session was saved."))
        return redirect(session)


class TrainingAttendeesView(SessionMixin, View):
    def post(self, request, pk):
        session = self.get_session()
        self.require_change()
        form = AttendeesForm(request.POST, session=session)
        if not form.is_valid():
            messages.error(request, " ".join(form.non_field_errors()) or _("Check the attendees chosen."))
            return redirect(session)
        n = services.add_attendees(
            session,
            by=request.user,
            users=form.cleaned_data["users"],
            producers=form.cleaned_data["producers"],
        )
        messages.success(request, _("%(n)s attendees added.") % {"n": n})
        return redirect(session)


class AttendanceRemoveView(RoleRequiredMixin, View):
    def post(self, request, pk):
        attendance = get_object_or_404(
            access.visible(request.user, TrainingAttendance).select_related("session"), pk=pk
        )
        try:
            services.remove_attendance(attendance, by=request.user)
        except TransitionRefused as exc:
            if not access.can_change(request.user, attendance.session):
                raise PermissionDenied from exc
            return refused(request, exc, attendance.session)
        messages.success(request, _("The attendee was removed."))
        return redirect(attendance.session)
