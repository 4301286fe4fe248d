"""Staff registry of products: list (filter, sort, export), detail with lifecycle and audit
history, create (with the duplicate warning) / edit, lifecycle actions, images, import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from accounts.levels import former_district
from ocop_portal.pagination import CountedPaginator
from ocop_portal.uploads.serving import file_response
from ocop_portal.uploads.types import IMAGE_TYPES
from ocop_portal.workflow import TransitionRefused
from producers.exports import XLSX_TYPE
from producers.models import Producer
from producers.services import can_register
from producers.views.staff import ExportMixin, RegistrarMixin, StaffMixin, did_you_mean, history_rows

from .. import certification, duplicates, importers, services, workflows
from ..filters import ProductFilter
from ..forms import ImageForm, ImportForm, ProductForm, TransitionForm, listing_formset
from ..importers import jobs as import_jobs
from ..importers import staging
from ..models import Product, ProductImage
from ..tables import ProductTable
from ..tasks import start_import_job


def product_actions(user, product: Product):
    """The lifecycle actions ``user`` may take on ``product`` now (empty if they may not change it)."""
    if not access.can_change(user, product):
        return []
    # moves that follow a dossier, a round or a certificate (``taken_by``) are never offered here
    return workflows.LIFECYCLE.available(product.state, access.role_of(user))


class ProductListView(StaffMixin, ExportMixin, SingleTableMixin, FilterView):
    table_class = ProductTable
    filterset_class = ProductFilter
    template_name = "products/product_list.html"
    table_pagination = {"per_page": 25}
    paginator_class = (
        CountedPaginator  # a search runs once per page, not once to count and again for the rows
    )
    export_name = "san-pham-ocop"

    def get_queryset(self):
        return access.visible(self.request.user, Product).with_related()

    def export_queryset(self, queryset):
        # the decision number comes from the product's current certificate (portal decision or paper)
        provider = certification.provider()
        if provider is None:  # pragma: no cover - the certificates app is always installed
            return queryset.annotate(decision_number=Value(""))
        return queryset.annotate(decision_number=provider.decision_number())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_register"] = can_register(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        ctx["export_query"] = query.urlencode()
        paginator = getattr(ctx.get("table"), "paginator", None)  # its count is known once a page is cut
        ctx.update(
            did_you_mean(
                self.request,
                self.filterset,
                access.visible(self.request.user, Product),
                found=paginator.count if paginator is not None else None,
            )
        )
        return ctx

    # Export: the import columns first (so an export can be re-imported), then the extra ones.
    def export_headers(self):
        return [
            *importers.COLUMNS.values(),
            _("ID"),
            _("State"),
            _("Certificate number"),
            _("Valid until"),
            _("Year registered"),
            _("Producer ID"),
        ]

    def export_rows(self, rows):
        for p in rows:
            commune = p.commune
            district = former_district(commune)  # history: none for a two-tier commune or ward
            yield [
                p.name,
                p.producer.name,
                importers.KIND_LABELS.get(p.producer.kind, p.producer.kind),
                p.producer.tax_code,
                commune.name,
                district.name if district else "",
                p.group.code,
                p.stars,
                getattr(p, "decision_number", "") or "",
                p.certified_on,
                p.pk,
                p.state_label,
                p.certificate_number,
                p.valid_until,
                p.registered_year,
                p.producer_id,
            ]


class ProductDetailView(StaffMixin, DetailView):
    template_name = "products/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return access.visible(self.request.user, Product).with_related().prefetch_related("standards")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        user = self.request.user
        ctx["can_change"] = access.can_change(user, product)
        ctx["actions"] = product_actions(user, product)
        ctx["transitions"] = product.transitions.select_related("by").order_by("-at", "-pk")
        ctx["history"] = history_rows(product.history.all())
        ctx["images"] = product.images.all()
        ctx["listings"] = product.listings.all()
        ctx["image_form"] = kwargs.get("image_form") or ImageForm()
        ctx["cycle_steps"] = workflows.CYCLE_STEPS
        return ctx


class ProductFormMixin:
    template_name = "products/product_form.html"

    def render_form(self, form, listings=None, status=200, similar=None):
        """``similar``: the similar products to list (the warning after a refused save, or, on the edit
        page, the products close to the stored name); what is shown of each: products.duplicates."""
        if form.duplicate_matches:
            similar = form.duplicate_matches
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "listings": listings,
                "product": getattr(self, "object", None),
                "similar_rows": duplicates.rows_for(self.request.user, similar or []),
            },
            status=status,
        )


class ProductCreateView(RegistrarMixin, ProductFormMixin, View):
    def get(self, request):
        initial = {}
        producer_id = request.GET.get("producer")
        if producer_id and producer_id.isdigit():
            producer = access.editable(request.user, Producer).filter(pk=producer_id).first()
            if producer:
                initial = {"producer": producer, "commune": producer.commune}
        return self.render_form(ProductForm(user=request.user, initial=initial))

    def post(self, request):
        form = ProductForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(form)
        fields = form.model_fields()
        try:
            product = services.create_product(
                by=request.user,
                standards=form.cleaned_data.get("standards") or (),
                duplicate_reason=form.cleaned_data.get("duplicate_reason", ""),
                **fields,
            )
        except services.DuplicateWarning as warning:
            form.require_reason(warning.matches)
            return self.render_form(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form)
        messages.success(request, _("The product was registered."))
        return redirect(product)


class ProductUpdateView(StaffMixin, ProductFormMixin, View):
    def get_object(self):
        product = get_object_or_404(
            access.visible(self.request.user, Product).with_related(), pk=self.kwargs["pk"]
        )
        access.require_change(self.request.user, product)
        self.object = product
        return product

    def similar(self, product, name=None, group=None):
        return services.similar_products(
            name or product.name,
            group or product.group,
            exclude_producer_id=product.producer_id,
            exclude_pk=product.pk,
        )

    def get(self, request, pk):
        product = self.get_object()
        form = ProductForm(instance=product, user=request.user)
        return self.render_form(form, listing_formset(product), similar=self.similar(product))

    def post(self, request, pk):
        product = self.get_object()
        form = ProductForm(request.POST, instance=Product.objects.get(pk=product.pk), user=request.user)
        listings = listing_formset(product, data=request.POST)
        if not (form.is_valid() and listings.is_valid()):
            return self.render_form(form, listings, similar=self.similar(product))
        fields = form.model_fields()
        reason = form.cleaned_data.get("duplicate_reason", "").strip()
        renamed = fields.get("name") != product.name or fields.get("group") != product.group
        if renamed and not reason:
            matches = self.similar(product, fields.get("name"), fields.get("group"))
            if matches:  # nothing saved: the same question as on registration
                form.require_reason(matches)
                return self.render_form(form, listings)
        if reason:
            fields["duplicate_reason"] = reason
        rows = [
            (f.cleaned_data["platform"], f.cleaned_data["url"])
            for f in listings.forms
            if f.cleaned_data.get("url") and not f.cleaned_data.get("DELETE")
        ]
        try:
            with transaction.atomic():
                product = services.update_product(
                    product,
                    by=request.user,
                    standards=form.cleaned_data.get("standards") or [],
                    **fields,
                )
                services.set_listings(product, rows, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form, listings)
        messages.success(request, _("The product was saved."))
        return redirect(product)


class ProductTransitionView(StaffMixin, View):
    """POST ``action`` (+ ``reason``): one lifecycle move through products.services.transition."""

    def post(self, request, pk):
        product = get_object_or_404(access.visible(request.user, Product), pk=pk)
        access.require_change(request.user, product)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an action."))
            return redirect(product)
        name = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"]
        try:
            transition = workflows.LIFECYCLE.get(name)
            services.transition(product, name, by=request.user, reason=reason)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("Done: %(action)s. The product is now “%(state)s”.")
                % {"action": transition.label, "state": product.state_label},
            )
        return redirect(product)


class ProductImageUploadView(StaffMixin, View):
    def post(self, request, pk):
        product = get_object_or_404(access.visible(request.user, Product), pk=pk)
        access.require_change(request.user, product)
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_image(product, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
            else:
                messages.success(request, _("The image was added."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(product)


class ProductImageDeleteView(StaffMixin, View):
    def post(self, request, pk):
        item = get_object_or_404(access.visible(request.user, ProductImage).select_related("product"), pk=pk)
        access.require_change(request.user, item.product)
        services.delete_image(item, by=request.user)
        messages.success(request, _("The image was removed."))
        return redirect(item.product)


class ProductImageView(StaffMixin, View):
    """Serve an uploaded image to whoever may see its product (media is never served directly)."""

    def get(self, request, pk):
        item = get_object_or_404(access.visible(request.user, ProductImage), pk=pk)
        # The type comes from the stored bytes, never the name (a PNG named .pdf is served as PNG).
        return file_response(
            item.image,
            filename=item.image.name.rsplit("/", 1)[-1],
            inline=True,
            only=IMAGE_TYPES,
            cache="private, max-age=3600",
        )


class ProductImportView(RegistrarMixin, FormView):
    """Upload → preview (every row's action, every wrong cell; nothing saved) → "Xác nhận nhập", which
    imports the very file previewed, kept server-side for the user (see :mod:`products.importers.staging`)."""

    form_class = ImportForm
    template_name = "products/product_import.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["columns"] = list(importers.COLUMNS.items())
        ctx["required"] = importers.REQUIRED
        ctx["preview_minutes"] = staging.preview_minutes()
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = importers.import_products(upload, user=self.request.user, filename=upload.name, dry_run=True)
        staged = job = None
        if report.ok and report.rows:
            staged = staging.stage(upload, user=self.request.user, filename=upload.name, sha256=report.sha256)
        elif len(report.errors) > len(report.errors_shown):
            job = import_jobs.record_rejected(report, user=self.request.user)  # the full list downloads
        return self.render_to_response(
            self.get_context_data(form=ImportForm(), report=report, staged=staged, errors_job=job)
        )


class ProductImportConfirmView(RegistrarMixin, View):
    """POST ``token`` + ``sha256`` of a preview: import that file (all-or-nothing) as a background job."""

    def post(self, request):
        try:
            staged = staging.claim(
                request.POST.get("token", ""), user=request.user, sha256=request.POST.get("sha256", "")
            )
        except staging.StagingError as refused:
            messages.error(request, refused.message)
            return redirect("products:import")
        job = start_import_job(staged, user=request.user)  # a background job: the page shows its progress
        return redirect("products:import_job", pk=job.pk)


class ImportTemplateView(StaffMixin, View):
    def get(self, request):
        response = HttpResponse(importers.template_workbook(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-san-pham-ocop.xlsx"'
        return response
