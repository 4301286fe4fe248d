"""Staff pages of sales points and fairs (manage lists, forms, closing, results) and the registration
at a fair, which producer accounts use too for their own producer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from ocop_portal.workflow import TransitionRefused

from .. import policies, services
from ..filters import FairFilter, SalesPointFilter
from ..forms import ChooseProducerForm, FairForm, ParticipationForm, ResultsForm, SalesPointForm
from ..models import Fair, Participation, SalesPoint
from ..tables import FairTable, SalesPointTable


class StaffMixin(LoginRequiredMixin):
    """Signed-in programme staff (producers: 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _refused(request, exc: TransitionRefused):
    messages.error(request, exc.message)


class SalesPointManageView(StaffMixin, SingleTableMixin, FilterView):
    table_class = SalesPointTable
    filterset_class = SalesPointFilter
    template_name = "tradefairs/salespoint_manage.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return (
            access.visible(self.request.user, SalesPoint)
            .select_related("district")
            .annotate(product_count=Count("products"))
        )

    def get_table_kwargs(self):
        editable = access.editable(self.request.user, SalesPoint).values_list("pk", flat=True)
        return {"editable_ids": frozenset(editable)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_create"] = policies.can_create_sales_point(user)
        coverage = services.local_coverage()
        if coverage["total"]:
            ctx["coverage"] = coverage
        return ctx


class SalesPointFormMixin:
    form_class = SalesPointForm
    template_name = "tradefairs/salespoint_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        products = data.pop("products", [])
        try:
            self.object = self.save(data, products)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The sales point was saved."))
        return redirect(self.object.get_absolute_url())


class SalesPointCreateView(StaffMixin, SalesPointFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policies.can_create_sales_point(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        user = self.request.user
        if access.role_of(user) == "district" and user.unit_id:
            return {"district": user.unit_id}
        return {}

    def save(self, data, products):
        return services.create_sales_point(by=self.request.user, products=products, **data)


def _object_in_scope(user, model, pk, *, change: bool):
    """The row when ``user`` may see it (else 404) and, if ``change``, change it (else 403)."""
    obj = get_object_or_404(access.visible(user, model), pk=pk)
    if change and not access.can_change(user, obj):
        raise PermissionDenied
    return obj


class SalesPointUpdateView(StaffMixin, SalesPointFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.is_staff_member(request.user):
            self.point = _object_in_scope(request.user, SalesPoint, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.point}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "point": self.point}

    def save(self, data, products):
        return services.update_sales_point(self.point, by=self.request.user, products=products, **data)


@require_POST
def salespoint_status(request, pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    if not access.is_staff_member(request.user):
        raise PermissionDenied
    point = _object_in_scope(request.user, SalesPoint, pk, change=True)
    try:
        if request.POST.get("action") == "reopen":
            services.reopen_sales_point(point, by=request.user)
            messages.success(request, _("The sales point is open again."))
        else:
            services.close_sales_point(point, by=request.user)
            messages.success(request, _("The sales point is closed: it no longer shows on the public pages."))
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect(point.get_absolute_url())


class FairManageView(StaffMixin, SingleTableMixin, FilterView):
    table_class = FairTable
    filterset_class = FairFilter
    template_name = "tradefairs/fair_manage.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return (
            access.visible(self.request.user, Fair)
            .select_related("organiser")
            .annotate(participant_count=Count("participations"))
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        ctx["can_create"] = policies.can_create_fair(self.request.user)
        ctx["held_this_year"] = services.fairs_held(year)
        ctx["year"] = year
        return ctx


class FairFormMixin:
    form_class = FairForm
    template_name = "tradefairs/fair_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = self.save(dict(form.cleaned_data))
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The fair was saved."))
        return redirect(self.object.get_absolute_url())


class FairCreateView(StaffMixin, FairFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policies.can_create_fair(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, data):
        return services.create_fair(by=self.request.user, **data)


class FairUpdateView(StaffMixin, FairFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.is_staff_member(request.user):
            self.fair = _object_in_scope(request.user, Fair, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.fair}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "fair": self.fair}

    def save(self, data):
        return services.update_fair(self.fair, by=self.request.user, **data)


class ParticipationCreateView(LoginRequiredMixin, View):
    """Register a producer (staff) or one's own producer (producer account) at a fair: choose the
    producer, then its products."""

    template_name = "tradefairs/participation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.fair = get_object_or_404(Fair, pk=kwargs["pk"])
        if not services.can_register_at(request.user, self.fair):
            if self.fair.has_ended:
                messages.error(request, _("The fair has ended: registrations are closed."))
                return redirect(self.fair.get_absolute_url())
            raise PermissionDenied
        self.producers = services.registrable_producers(request.user)
        return super().dispatch(request, *args, **kwargs)

    def _producer(self, data):
        chooser = ChooseProducerForm(data, producers=self.producers)
        if self.producers.count() == 1 and not data.get("producer"):
            return chooser, self.producers.first()
        if data.get("producer") and chooser.is_valid():
            return chooser, chooser.cleaned_data["producer"]
        return chooser, None

    def _render(self, chooser, producer, form, status=200):
        ctx = {
            "fair": self.fair,
            "chooser": chooser,
            "producer": producer,
            "form": form,
            "single_producer": self.producers.count() == 1,
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, pk):
        chooser, producer = self._producer(request.GET)
        form = ParticipationForm(producer=producer) if producer else None
        return self._render(chooser, producer, form)

    def post(self, request, pk):
        chooser, producer = self._producer(request.POST)
        if producer is None:
            return self._render(chooser, None, None, status=400)
        form = ParticipationForm(request.POST, producer=producer)
        if form.is_valid():
            try:
                services.register_participation(
                    self.fair,
                    producer,
                    products=form.cleaned_data["products"],
                    booth=form.cleaned_data["booth"],
                    notes=form.cleaned_data["notes"],
                    by=request.user,
                )
            except TransitionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("%(producer)s is registered at the fair.") % {"producer": producer.name}
                )
                return redirect(self.fair.get_absolute_url())
        return self._render(chooser, producer, form)


@require_POST
def participation_withdraw(request, pk: int, participation_pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    participation = get_object_or_404(
        access.visible(request.user, Participation).select_related("fair", "producer"),
        pk=participation_pk,
        fair_id=pk,
    )
    if not access.can_change(request.user, participation):
        raise PermissionDenied
    try:
        services.withdraw_participation(participation, by=request.user)
        messages.success(
            request,
            _("The registration of %(producer)s was withdrawn.") % {"producer": participation.producer},
        )
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect(participation.fair.get_absolute_url())


class FairResultsView(StaffMixin, FormView):
    template_name = "tradefairs/fair_results.html"
    form_class = ResultsForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.is_staff_member(request.user):
            self.fair = _object_in_scope(request.user, Fair, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["participations"] = self.fair.participations.select_related("producer").order_by(
            "producer__name"
        )
        return kwargs

    def get_initial(self):
        f = self.fair
        return {
            "visitors": f.visitors,
            "contracts_signed": f.contracts_signed,
            "sales_vnd": f.sales_vnd,
            "notes": f.results_notes,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "fair": self.fair}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.record_results(
                self.fair,
                by=self.request.user,
                visitors=data.get("visitors"),
                contracts_signed=data.get("contracts_signed"),
                sales_vnd=data.get("sales_vnd"),
                notes=data.get("notes", ""),
                participations=form.participation_results(),
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The results were recorded."))
        return redirect(self.fair.get_absolute_url())
