"""The producer's own pages (issue 18): their products and dossiers, the idea (form 01/02), the business
plan (form 03), evidence uploads, "the dossier is complete", replies to a return.

Thin views: rows come from the access policy (a producer sees their own producer's rows only, 404 for
others), state changes from :mod:`dossiers.producer_work`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts import access
from accounts.models import Role
from ocop_portal.uploads.serving import file_response
from ocop_portal.workflow import TransitionRefused
from products import workflows as pw
from products.models import Product
from products.services import DuplicateWarning

from .. import checks, producer_work, uploads
from .. import workflows as wf
from ..forms.producer import BusinessPlanForm, IdeaForm, ReadyForm, ReplyForm
from ..models import BusinessPlan, DocumentKind, Dossier, DossierDocument
from .base import RolesMixin, _refused, visible_dossier
from .documents import DocumentUploadView

PRODUCER = (Role.PRODUCER,)
# Who reads a business plan a producer sent: the product's chain (the access policy scopes the rows).
PLAN_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.DEPARTMENT, Role.PRODUCER)


class ProducerWorkView(RolesMixin, TemplateView):
    """The producer's products with the next thing to do, and their dossiers."""

    roles = PRODUCER
    template_name = "dossiers/producer/work.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        products = list(
            access.visible(user, Product)
            .select_related("group", "commune")
            .prefetch_related("dossiers")
            .order_by("name", "pk")
        )
        plans = dict(
            access.visible(user, BusinessPlan).filter(product__in=products).values_list("product_id", "pk")
        )
        rows = []
        for product in products:
            dossier = max(product.dossiers.all(), key=lambda d: d.year, default=None)
            rows.append(
                {
                    "product": product,
                    "plan_id": plans.get(product.pk),
                    "can_send_plan": product.state in producer_work.PLAN_OPEN,
                    "dossier": dossier,
                }
            )
        return super().get_context_data(
            rows=rows,
            producer=producer_work.own_producer(user),
            cycle_steps=pw.CYCLE_STEPS,
            **kwargs,
        )


class IdeaCreateView(RolesMixin, FormView):
    roles = PRODUCER
    form_class = IdeaForm
    template_name = "dossiers/producer/idea_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(producer=producer_work.own_producer(self.request.user), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            product = producer_work.register_idea(
                by=self.request.user,
                name=data["name"],
                group=data["group"],
                origin=data["origin"],
                idea=data["idea"],
                raw_materials=data["raw_materials"],
                market=data["market"],
                expected_output=data["expected_output"],
                duplicate_reason=data["duplicate_reason"],
            )
        except DuplicateWarning:
            form.require_reason()
            return self.form_invalid(form)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your idea “%(name)s” was sent to %(unit)s: the officer screens it (step 2).")
            % {"name": product.name, "unit": product.commune.parent or product.commune},
        )
        return redirect("dossiers:producer_work")


class PlanSubmitView(RolesMixin, FormView):
    roles = PRODUCER
    form_class = BusinessPlanForm
    template_name = "dossiers/producer/plan_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in self.roles:
            self.product = get_object_or_404(access.visible(request.user, Product), pk=kwargs["pk"])
            self.plan = BusinessPlan.objects.filter(product=self.product).first()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        plan = self.plan
        if plan is None:
            return {}
        return {
            f: getattr(plan, f)
            for f in ("summary", "raw_materials", "production", "market", "capital_vnd", "revenue_vnd")
        }

    def get_context_data(self, **kwargs):
        last_return = (
            self.product.transitions.filter(name="return_plan").order_by("-at", "-pk").first()
            if self.product.state == pw.PLAN_RETURNED
            else None
        )
        return super().get_context_data(
            product=self.product,
            plan=self.plan,
            can_send=self.product.state in producer_work.PLAN_OPEN,
            last_return=last_return,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            plan = producer_work.submit_business_plan(
                self.product,
                by=self.request.user,
                summary=data["summary"],
                production=data["production"],
                market=data["market"],
                raw_materials=data["raw_materials"],
                capital_vnd=data["capital_vnd"],
                revenue_vnd=data["revenue_vnd"],
                upload=data["file"] or None,
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The business plan of “%(name)s” was sent: the district reviews and agrees it (step 3).")
            % {"name": self.product.name},
        )
        return redirect(plan)


class PlanDetailView(RolesMixin, TemplateView):
    """A business plan as the producer sent it: for the producer and the product's officers."""

    roles = PLAN_READERS
    template_name = "dossiers/producer/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(
            access.visible(self.request.user, BusinessPlan).select_related("product", "product__producer"),
            pk=self.kwargs["pk"],
        )
        return super().get_context_data(
            plan=plan, is_producer=access.role_of(self.request.user) == Role.PRODUCER, **kwargs
        )


class PlanFileView(RolesMixin, View):
    roles = PLAN_READERS

    def get(self, request, pk):
        plan = get_object_or_404(access.visible(request.user, BusinessPlan), pk=pk)
        if not plan.file:
            raise Http404
        try:
            return file_response(plan.file, filename=plan.original_name or "phuong-an.pdf", inline=True)
        except (FileNotFoundError, OSError):
            raise Http404(_("The file is missing from storage.")) from None


def producer_dossier(user, pk) -> Dossier:
    """The dossier of one of the producer's own products (404 for any other)."""
    return visible_dossier(user, pk)


class ProducerDossierView(RolesMixin, TemplateView):
    """The producer's dossier page: checklist, their uploads, the remarks of a return, their reply."""

    roles = PRODUCER
    template_name = "dossiers/producer/dossier.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        dossier = producer_dossier(user, self.kwargs["pk"])
        documents = list(dossier.documents.select_related("kind", "uploaded_by__producer_account"))
        lines = checks.checklist(dossier, documents=documents, with_reasons=True)
        producer = producer_work.own_producer(user)
        for doc in documents:
            account = getattr(doc.uploaded_by, "producer_account", None) if doc.uploaded_by_id else None
            doc.removable = (
                account is not None and producer is not None and account.producer_id == producer.pk
            )
        editable = dossier.is_editable_state
        required = [line for line in lines if line.required]
        return super().get_context_data(
            dossier=dossier,
            lines=lines,
            editable=editable,
            missing=[line.kind for line in lines if line.missing and line.kind.is_uploaded],
            required_total=len(required),
            required_present=sum(1 for line in required if line.present),
            last_return=checks.last_return(dossier) if dossier.status == wf.RETURNED else None,
            last_ready=producer_work.last_ready(dossier),
            producer_messages=list(
                dossier.producer_messages.select_related("by").prefetch_related("documents")
            ),
            transitions=list(dossier.transitions.select_related("by").order_by("-at", "-pk")),
            ready_form=ReadyForm() if editable else None,
            reply_form=ReplyForm() if dossier.status == wf.RETURNED else None,
            reply_kinds=[line.kind for line in lines if line.kind.is_uploaded],
            file_limit_bytes=uploads.max_file_bytes(),
            **kwargs,
        )


class ProducerUploadView(DocumentUploadView):
    """The district's streamed upload, for the producer's own dossier (same policy and checklist)."""

    roles = PRODUCER

    def load_dossier(self, request, pk) -> Dossier:
        return producer_dossier(request.user, pk)

    def back_url(self, dossier: Dossier) -> str:
        return reverse("dossiers:producer_dossier", args=[dossier.pk])

    def store(self, dossier, *, kind, files, by):
        return producer_work.add_documents(dossier, kind=kind, files=files, by=by)


class ProducerReadyView(RolesMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = producer_dossier(request.user, pk)
        form = ReadyForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            producer_work.mark_ready(dossier, by=request.user, note=note)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(
                request,
                _(
                    "The officer was told the dossier is complete. They check it, visit the site and "
                    "submit it to %(unit)s."
                )
                % {"unit": dossier.call.issuing_unit},
            )
        return redirect("dossiers:producer_dossier", pk=pk)


class ProducerReplyView(RolesMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = producer_dossier(request.user, pk)
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("dossiers:producer_dossier", pk=pk)
        kind = None
        if form.cleaned_data.get("kind"):
            kind = DocumentKind.objects.filter(pk=form.cleaned_data["kind"]).first()
        try:
            producer_work.reply_to_return(
                dossier,
                by=request.user,
                text=form.cleaned_data["text"],
                kind=kind,
                files=form.cleaned_data["files"],
            )
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your reply was sent to the officer."))
        return redirect("dossiers:producer_dossier", pk=pk)


class ProducerDocumentDeleteView(RolesMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        document = get_object_or_404(
            access.visible(request.user, DossierDocument).select_related("dossier"), pk=pk
        )
        try:
            producer_work.delete_document(document, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": document.original_name})
        return redirect("dossiers:producer_dossier", pk=document.dossier_id)
