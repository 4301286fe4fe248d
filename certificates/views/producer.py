"""The producer's own pages ("Sản phẩm của tôi", namespace ``mine``): their producer, their products at
their step of the six-step cycle, the result after the decision (total, stars, decision — never a council
member's sheet), their certificates (PDF through the existing, scoped view), re-rating requests.

Everything is read through :mod:`accounts.access`: another producer's product or certificate is a 404.
The page lives in ``certificates`` because it shows what every app below it knows about the products.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import access
from accounts.models import Role
from dossiers.models import Dossier
from evaluation.models import DecisionEntry, RecognitionDecision
from ocop_portal.workflow import TransitionRefused
from products import workflows
from products.models import Product, ProductTransition

from .. import services
from ..models import Certificate, ReratingRequest


class ProducerMixin(LoginRequiredMixin):
    """Producer logins only (staff: 403). ``self.producer`` is the login's producer, or None."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if access.role_of(request.user) != Role.PRODUCER:
            raise PermissionDenied
        account = getattr(request.user, "producer_account", None)
        self.producer = account.producer if account is not None else None
        return super().dispatch(request, *args, **kwargs)


def _products(user):
    """The user's products with what the page shows of them, in a constant number of queries."""
    today = timezone.localdate()
    return (
        access.visible(user, Product)
        .select_related("group", "commune")
        .prefetch_related(
            Prefetch(
                "decision_entries",
                queryset=DecisionEntry.objects.filter(decision__status=RecognitionDecision.Status.APPROVED)
                .select_related("decision", "decision__issuing_unit")
                .order_by("-decision__date", "-pk"),
                to_attr="approved_entries",
            ),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.exclude(status=Certificate.Status.SUPERSEDED)
                .select_related("rerating_request")
                .order_by("-issued_on", "-pk"),
                to_attr="current_certificates",
            ),
            Prefetch("dossiers", queryset=Dossier.objects.order_by("-year"), to_attr="all_dossiers"),
        )
        .order_by("name")
    ), today


def _card(product: Product, today) -> dict:
    cert = product.current_certificates[0] if product.current_certificates else None
    expiring = bool(
        cert
        and cert.status == Certificate.Status.VALID
        and cert.valid_until <= today + relativedelta(months=services.rerating_window_months())
    )
    request_made = getattr(cert, "rerating_request", None) if cert else None
    return {
        "product": product,
        "step": product.cycle_step,
        "step_label": workflows.CYCLE_STEPS[product.cycle_step],
        "result": product.approved_entries[0] if product.approved_entries else None,
        "certificate": cert,
        "expiring": expiring,
        "days_left": (cert.valid_until - today).days if cert else None,
        "rerating_request": request_made,
        "can_request_rerating": bool(cert and not request_made and services.rerating_open(cert, today)),
        "dossier": product.all_dossiers[0] if product.all_dossiers else None,
    }


class HomeView(ProducerMixin, TemplateView):
    template_name = "certificates/producer/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["producer"] = self.producer
        if self.producer is None:
            return ctx
        products, today = _products(self.request.user)
        ctx["cards"] = [_card(p, today) for p in products]
        ctx["steps"] = workflows.CYCLE_STEPS
        ctx["window_months"] = services.rerating_window_months()
        return ctx


class ProductView(ProducerMixin, TemplateView):
    """One of the producer's products: its step, its history, result, certificate, dossiers."""

    template_name = "certificates/producer/product.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        products, today = _products(self.request.user)
        product = get_object_or_404(products, pk=self.kwargs["pk"])
        ctx["card"] = _card(product, today)
        ctx["steps"] = workflows.CYCLE_STEPS
        ctx["transitions"] = ProductTransition.objects.filter(product=product).order_by("-at", "-pk")[:30]
        ctx["dossiers"] = product.all_dossiers
        return ctx


class ReratingRequestView(ProducerMixin, View):
    """POST: ask for re-rating of one's own certificate (another producer's: 404)."""

    def post(self, request, pk):
        cert = get_object_or_404(access.visible(request.user, Certificate).select_related("product"), pk=pk)
        try:
            services.request_rerating(cert, by=request.user, note=request.POST.get("note", ""))
        except TransitionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your re-rating request for %(product)s was sent to the local officer and DARD.")
                % {"product": cert.product},
            )
        return redirect("mine:product", pk=cert.product_id)


class ReratingRequestListView(LoginRequiredMixin, TemplateView):
    """Staff: the re-rating requests of their area, with the way to act on them (open the dossier)."""

    template_name = "certificates/rerating_requests.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) not in (
            "province",
            "district",
            "admin",
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from dossiers.services import RERATING_SOURCES

        ctx = super().get_context_data(**kwargs)
        rows = access.visible(self.request.user, ReratingRequest).select_related(
            "product", "product__producer", "product__commune", "certificate", "requested_by"
        )[:200]
        ctx["rows"] = [{"request": r, "waiting": r.product.state in RERATING_SOURCES} for r in rows]
        return ctx
