"""The plan's product list (add, remove) and the six-step cycle board per district."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access, territory
from accounts.levels import local_level_label
from accounts.models import AdministrativeUnit, Role
from ocop_portal.workflow import TransitionRefused
from products import workflows as product_workflows
from products.models import Product

from .. import board, services
from ..filters import PlanProductFilter
from ..forms import AddProductsForm, ProductSearchForm
from ..models import PlanProduct
from ..tables import PlanProductTable
from .base import PROVINCIAL, STAFF, PlanMixin, ProvincialPlanMixin, RoleRequiredMixin, refused


class PlanProductListView(PlanMixin, SingleTableMixin, FilterView):
    template_name = "plans/plan_products.html"
    table_class = PlanProductTable
    filterset_class = PlanProductFilter
    paginate_by = 50

    def get_queryset(self):
        return (
            access.visible(self.request.user, PlanProduct)
            .filter(plan=self.plan)
            .select_related(
                "plan",
                "product",
                "product__producer",
                "product__commune",
                "product__commune__parent",
                "product__commune__local_unit",
            )
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["districts"] = self.plan.districts()
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if not self.is_provincial:
            table.columns.hide("actions")
        return table


class ProductAddView(ProvincialPlanMixin, TemplateView):
    template_name = "plans/plan_product_add.html"
    LIMIT = 200

    def candidates(self):
        return (
            access.visible(self.request.user, Product)
            .filter(commune__path__startswith=self.plan.province.path)
            .exclude(pk__in=self.plan.plan_products.values("product_id"))
            .exclude(state=product_workflows.REVOKED)
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        search = ProductSearchForm(self.request.GET or None, districts=self.plan.districts())
        qs = self.candidates().select_related("producer", "commune", "commune__parent")
        if search.is_valid():
            if search.cleaned_data["q"]:
                qs = qs.search(search.cleaned_data["q"])
            if search.cleaned_data["district"]:
                # a 2025 commune or ward also finds the products registered in the communes merged into it
                qs = qs.filter(territory.unit_filter_q(search.cleaned_data["district"]))
            if search.cleaned_data["recognised"] == "pipeline":
                qs = qs.exclude(state__in=[product_workflows.RECOGNISED, product_workflows.EXPIRED])
            elif search.cleaned_data["recognised"] == "recognised":
                qs = qs.filter(state__in=[product_workflows.RECOGNISED, product_workflows.EXPIRED])
        ctx["search"] = search
        ctx.setdefault("form", AddProductsForm(plan=self.plan, candidates=qs))
        ctx["shown"] = list(qs[: self.LIMIT])
        ctx["limit"] = self.LIMIT
        return ctx

    def post(self, request, pk):
        form = AddProductsForm(request.POST, plan=self.plan, candidates=self.candidates())
        if form.is_valid():
            try:
                added = services.add_products(
                    self.plan,
                    form.cleaned_data["products"],
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                    note=form.cleaned_data["note"],
                )
            except TransitionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("%(n)s products added to the list.") % {"n": len(added)})
                return redirect("plans:products", pk)
        return self.render_to_response(self.get_context_data(form=form))


class ProductRemoveView(RoleRequiredMixin, View):
    roles = STAFF

    def post(self, request, pk):
        entry = get_object_or_404(
            access.visible(request.user, PlanProduct).select_related("plan", "product"), pk=pk
        )
        if self.role not in PROVINCIAL:
            raise PermissionDenied
        try:
            services.remove_product(entry, by=request.user, reason=request.POST.get("reason", ""))
        except TransitionRefused as exc:
            return refused(request, exc, reverse("plans:products", args=[entry.plan_id]))
        messages.success(request, _("“%(name)s” was removed from the list.") % {"name": entry.product.name})
        return redirect("plans:products", entry.plan_id)


def _board_districts(user, plan, *, include_closed=False):
    districts = (
        AdministrativeUnit.objects.local().filter(parent=plan.province)
        if include_closed
        else plan.districts()
    )
    if access.role_of(user) in (Role.DISTRICT, Role.COMMUNE):
        codes = user.unit.ancestor_codes() if user.unit_id else []
        districts = districts.filter(code__in=codes)
    return districts


class BoardView(PlanMixin, TemplateView):
    template_name = "plans/board.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        entries = access.visible(self.request.user, PlanProduct)
        rows, totals = board.cycle_board(
            self.plan, entries, list(_board_districts(self.request.user, self.plan)), today
        )
        ctx.update(
            rows=rows,
            totals=totals,
            steps=[(s, product_workflows.CYCLE_STEPS[s]) for s in board.STEPS],
            windows={w.step: w for w in self.plan.step_windows.all()},
            batches=board.batch_progress(self.plan, entries, today),
            today=today,
            local_level=local_level_label(self.plan.province, datetime.date(self.plan.year, 12, 31)),
        )
        return ctx


class BoardDistrictView(PlanMixin, TemplateView):
    template_name = "plans/board_district.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        district = (
            _board_districts(self.request.user, self.plan, include_closed=True)
            .filter(code=self.kwargs["code"])
            .first()
        )
        if district is None:
            raise Http404
        today = timezone.localdate()
        # a 2025 commune or ward also lists the products registered in the communes merged into it
        entries = access.visible(self.request.user, PlanProduct).filter(
            territory.unit_filter_q(
                district, "product__commune", min(timezone.localdate(), self.plan.year_end)
            )
        )
        items = board.district_entries(self.plan, entries, today)
        ctx.update(
            district=district,
            groups=[
                (s, product_workflows.CYCLE_STEPS[s], [i for i in items if i.step == s]) for s in board.STEPS
            ],
            windows={w.step: w for w in self.plan.step_windows.all()},
            stuck_count=sum(1 for i in items if i.stuck),
            today=today,
        )
        return ctx
