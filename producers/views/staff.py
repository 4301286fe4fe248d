"""Staff registry of producers: list (filter, sort, export), detail with history, create/edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from accounts.levels import DISTRICT_BEFORE_REFORM, former_district
from ocop_portal.search import suggest

from .. import exports, services
from ..filters import ProducerFilter
from ..forms import OrganisationEventForm, ProducerForm
from ..models import Producer
from ..tables import ProducerTable


class StaffMixin(LoginRequiredMixin):
    """Signed-in programme staff only (producers have no access to the registry: 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegistrarMixin(StaffMixin):
    """Staff who register producers and products (provincial DARD, district officers, admins)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.can_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportMixin:
    """``?format=csv`` / ``?format=xlsx`` on a FilterView exports the filtered rows (user's scope)."""

    export_name = "export"

    def export_headers(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def export_rows(self, queryset):  # pragma: no cover - abstract
        raise NotImplementedError

    def export_queryset(self, queryset):
        return queryset

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt not in exports.FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        qs = self.export_queryset(qs)
        return exports.export_response(
            fmt,
            self.export_headers(),
            self.export_rows(qs.iterator(chunk_size=exports.CHUNK_SIZE)),
            exports.stamped(self.export_name),
            sheet_title=self.export_name,
        )


def did_you_mean(request, filterset, queryset, found: int | None = None) -> dict:
    """``suggestion`` / ``suggestion_url`` for a staff list whose search found nothing: the closest name
    among the rows the user may see ("Có phải bạn muốn tìm …"); the other filters are kept.
    ``found``: the list's count when its paginator already has it (no query of its own to know)."""
    q = (filterset.form.cleaned_data.get("q") or "").strip() if filterset.is_valid() else ""
    if not q or (found > 0 if found is not None else filterset.qs.exists()):
        return {}
    name = suggest(queryset.order_by(), q, folded_field="name_ascii")
    if not name:
        return {}
    query = request.GET.copy()
    query["q"] = name
    for key in ("page", "format"):
        query.pop(key, None)
    return {"suggestion": name, "suggestion_url": f"?{query.urlencode()}"}


class ProducerListView(StaffMixin, ExportMixin, SingleTableMixin, FilterView):
    table_class = ProducerTable
    filterset_class = ProducerFilter
    template_name = "producers/producer_list.html"
    table_pagination = {"per_page": 25}
    export_name = "chu-the-ocop"

    def get_queryset(self):
        return (
            access.visible(self.request.user, Producer)
            .select_related("commune__parent")
            .annotate(product_count=Count("products"))
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_register"] = services.can_register(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        ctx["export_query"] = query.urlencode()
        ctx.update(did_you_mean(self.request, self.filterset, access.visible(self.request.user, Producer)))
        return ctx

    def export_headers(self):
        return [
            _("ID"),
            _("Producer"),
            _("Type"),
            _("Tax code"),
            _("Legal representative"),
            _("Phone"),
            _("E-mail"),
            _("Address"),
            _("Commune"),
            DISTRICT_BEFORE_REFORM,
            _("Founding year"),
            _("Products"),
        ]

    def export_rows(self, rows):
        for p in rows:
            district = former_district(p.commune)  # history: none for a two-tier commune or ward
            yield [
                p.pk,
                p.name,
                p.get_kind_display(),
                p.tax_code,
                p.legal_representative,
                p.phone,
                p.email,
                p.address,
                p.commune.name,
                district.name if district else "",
                p.founded_year,
                p.product_count,
            ]


class ProducerDetailView(StaffMixin, DetailView):
    template_name = "producers/producer_detail.html"
    context_object_name = "producer"

    def get_queryset(self):
        return access.visible(self.request.user, Producer).select_related("commune__parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        producer = self.object
        user = self.request.user
        can_change = access.can_change(user, producer)
        ctx["can_change"] = can_change
        # products lie above producers: reached through the reverse relation, never imported
        products = access.visible(user, producer.products.model)
        ctx["products"] = products.filter(producer=producer).with_related().order_by("name")
        ctx["events"] = producer.organisation_events.select_related("recorded_by")
        ctx["history"] = history_rows(producer.history.all())
        if can_change:
            ctx["event_form"] = kwargs.get("event_form") or OrganisationEventForm()
        return ctx


class ProducerCreateView(RegistrarMixin, CreateView):
    form_class = ProducerForm
    template_name = "producers/producer_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = services.create_producer(by=self.request.user, **_fields(form))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The producer was saved."))
        return redirect(self.object)


class ProducerUpdateView(StaffMixin, UpdateView):
    form_class = ProducerForm
    template_name = "producers/producer_form.html"
    context_object_name = "producer"

    def get_queryset(self):
        return access.visible(self.request.user, Producer).select_related("commune__parent")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        access.require_change(self.request.user, obj)
        return obj

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        producer = Producer.objects.get(pk=self.object.pk)  # unsaved form changes stay out of the check
        try:
            self.object = services.update_producer(producer, by=self.request.user, **_fields(form))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The producer was saved."))
        return redirect(self.object)


HISTORY_NOISE = ("updated_at", "created_at")


def history_rows(history_qs, limit: int = 50) -> list[dict]:
    """The latest audit records with the names of the fields each one changed (no query per row)."""
    records = list(
        history_qs.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = []
    for i, record in enumerate(records[:limit]):
        changed = []
        if record.history_type == "~" and i + 1 < len(records):
            delta = record.diff_against(records[i + 1], excluded_fields=HISTORY_NOISE)
            model = history_qs.model.instance_type
            for change in delta.changes:
                try:
                    changed.append(str(model._meta.get_field(change.field).verbose_name))
                except Exception:  # noqa: BLE001 - a field removed since
                    changed.append(change.field)
        rows.append({"record": record, "changed": changed})
    return rows


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}


class OrganisationEventCreateView(StaffMixin, View):
    """POST: record "newly founded / consolidated in year N" for a producer."""

    def post(self, request, pk):
        producer = get_object_or_404(access.visible(request.user, Producer), pk=pk)
        access.require_change(request.user, producer)
        form = OrganisationEventForm(request.POST)
        if form.is_valid():
            try:
                services.record_organisation_event(producer, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
            else:
                messages.success(request, _("The event was recorded."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(producer)


class OrganisationEventDeleteView(StaffMixin, View):
    """POST: remove a wrongly recorded organisation event."""

    def post(self, request, pk, event_pk):
        producer = get_object_or_404(access.visible(request.user, Producer), pk=pk)
        access.require_change(request.user, producer)
        event = producer.organisation_events.filter(pk=event_pk).first()
        if event is None:
            raise Http404
        services.delete_organisation_event(event, by=request.user)
        messages.success(request, _("The event was removed."))
        return redirect(producer)
