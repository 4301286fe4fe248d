"""Dossier pages: list, assemble (checklist + uploads), submit, review, download, commune reports.

Every queryset comes from ``accounts.access``; a row outside the user's chain is a 404. State
changes go through :mod:`evaluation.dossiers_services`.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from accounts.models import AdministrativeUnit, Role
from ocop_portal.workflow import TransitionRefused

from . import dossier_checks as checks
from . import dossier_workflows as wf
from . import dossiers_services as services
from . import uploads
from .filters_dossiers import DossierFilter
from .forms_dossiers import (
    CommuneReportForm,
    CommuneReportStartForm,
    DossierCreateForm,
    OnsiteCheckForm,
    ReturnForm,
    UploadForm,
)
from .models import (
    CommuneAssessment,
    CommuneReport,
    CommuneReportItem,
    DocumentKind,
    Dossier,
    DossierCall,
    DossierDocument,
    SubmissionBatch,
)
from .tables_dossiers import CommuneReportTable, DossierTable

DOSSIER_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.COUNCIL, Role.PRODUCER)
ASSEMBLERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT)
REPORT_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.COUNCIL)
CALL_READERS = (Role.PROVINCE, Role.ADMIN, Role.DISTRICT, Role.COMMUNE, Role.COUNCIL, Role.DEPARTMENT)


class RolesMixin(LoginRequiredMixin):
    """Signed-in users of ``roles`` only (403 for the others)."""

    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _refused(request, exc: TransitionRefused):
    messages.error(request, exc.message)


def visible_dossier(user, pk) -> Dossier:
    return get_object_or_404(access.visible(user, Dossier).with_related(), pk=pk)


def changeable_dossier(user, pk) -> Dossier:
    dossier = visible_dossier(user, pk)
    if not access.can_change(user, dossier):
        raise PermissionDenied
    return dossier


# --- Dossiers ---------------------------------------------------------------------------------------


class DossierListView(RolesMixin, SingleTableMixin, FilterView):
    roles = DOSSIER_READERS
    table_class = DossierTable
    filterset_class = DossierFilter
    template_name = "dossiers/dossier_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            access.visible(self.request.user, Dossier)
            .with_related()
            .annotate(document_count=Count("documents"))
            .order_by("-year", "product__name", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = access.role_of(self.request.user) in ASSEMBLERS
        return ctx


class DossierCreateView(RolesMixin, FormView):
    roles = ASSEMBLERS
    form_class = DossierCreateForm
    template_name = "dossiers/dossier_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("product"):
            initial["product"] = self.request.GET["product"]
        calls = checks.calls_for(self.request.user).filter(year=timezone.localdate().year)
        if calls.count() == 1:
            initial["call"] = calls.first()
        return initial

    def form_valid(self, form):
        try:
            dossier = services.create_dossier(
                product=form.cleaned_data["product"], call=form.cleaned_data["call"], by=self.request.user
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier was opened: upload its documents."))
        return redirect(dossier)


def _commune_assessments(dossier: Dossier):
    """The submitted commune report items of this dossier with their answers (part of the dossier)."""
    return list(
        CommuneReportItem.objects.filter(dossier=dossier, report__status=wf.REPORT_SUBMITTED)
        .select_related("report", "report__commune")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=CommuneAssessment.objects.select_related("criterion", "option").order_by(
                    "criterion__order"
                ),
            )
        )
    )


class DossierContextMixin:
    def dossier_context(self, dossier: Dossier, *, with_forms: bool) -> dict:
        user = self.request.user
        documents = list(dossier.documents.select_related("kind", "uploaded_by"))
        lines = checklist = checks.checklist(dossier, documents=documents, with_reasons=True)
        can_change = access.can_change(user, dossier)
        role = access.role_of(user)
        reviewer = checks.is_evaluating_level(user, dossier.call)
        actions = []
        for t in wf.DOSSIER.available(dossier.status, role):
            if t.name in wf.ASSEMBLER_ACTIONS and can_change:
                actions.append(t)
            elif t.name in wf.REVIEWER_ACTIONS and reviewer:
                actions.append(t)
        used = sum(d.size for d in documents)
        ctx = {
            "dossier": dossier,
            "lines": lines,
            "missing": [line.kind for line in checklist if line.missing],
            "ready": dossier.onsite_attested and not any(line.missing for line in checklist),
            "documents": documents,
            "can_change": can_change and dossier.is_editable_state,
            "actions": actions,
            "reviewer": reviewer,
            "transitions": list(dossier.transitions.select_related("by").order_by("-at", "-pk")),
            "commune_items": _commune_assessments(dossier),
            "used_bytes": used,
            "limit_bytes": uploads.max_dossier_bytes(),
            "file_limit_bytes": uploads.max_file_bytes(),
        }
        if with_forms and ctx["can_change"]:
            ctx["onsite_form"] = OnsiteCheckForm(
                initial={
                    "checked_on": dossier.onsite_checked_on or timezone.localdate(),
                    "note": dossier.onsite_note,
                }
            )
        return ctx


class DossierDetailView(RolesMixin, DossierContextMixin, DetailView):
    """The district's working page: checklist with present/missing, uploads per kind, actions."""

    roles = DOSSIER_READERS
    template_name = "dossiers/dossier_detail.html"
    context_object_name = "dossier"

    def get_object(self, queryset=None):
        return visible_dossier(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.dossier_context(self.object, with_forms=True))
        return ctx


class DossierReviewView(DossierDetailView):
    """The reviewer's page: every document by kind with inline PDF and image preview."""

    template_name = "dossiers/dossier_review.html"

    def get_context_data(self, **kwargs):
        ctx = super(DossierDetailView, self).get_context_data(**kwargs)
        ctx.update(self.dossier_context(self.object, with_forms=False))
        return ctx


@method_decorator(csrf_exempt, name="dispatch")  # CSRF is checked in post(), after the upload handler is set
class DocumentUploadView(RolesMixin, View):
    """Receive files for one kind. Oversized files are stopped while they stream in; the rest is
    inspected in chunks by the service. All files are stored or none."""

    roles = ASSEMBLERS
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = changeable_dossier(request.user, pk)  # 404/403 before the body is read
        url = dossier.get_absolute_url()
        remaining = uploads.max_dossier_bytes() - (dossier.documents.aggregate(s=Sum("size"))["s"] or 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > remaining + 1024 * 1024:
            messages.error(
                request,
                _("This upload (%(size)s) does not fit in the dossier's remaining %(left)s.")
                % {"size": uploads.human_size(length), "left": uploads.human_size(max(remaining, 0))},
            )
            return HttpResponseRedirect(url)
        limiter = uploads.SizeLimitUploadHandler(uploads.max_file_bytes(), request)
        request.upload_handlers.insert(0, limiter)
        return csrf_protect(self._receive)(request, dossier, limiter)

    def _receive(self, request, dossier, limiter):
        form = UploadForm(request.POST, request.FILES)
        url = dossier.get_absolute_url()
        if limiter.refused:
            messages.error(
                request,
                _("“%(name)s” is over the %(limit)s limit per file; nothing was uploaded.")
                % {"name": limiter.refused, "limit": uploads.human_size(limiter.limit)},
            )
            return HttpResponseRedirect(url)
        if not form.is_valid():
            messages.error(request, _("Choose a document kind and at least one file."))
            return HttpResponseRedirect(url)
        kind = DocumentKind.objects.filter(pk=form.cleaned_data["kind"]).first()
        if kind is None:
            messages.error(request, _("Unknown document kind."))
            return HttpResponseRedirect(url)
        try:
            documents = services.add_documents(
                dossier, kind=kind, files=form.cleaned_data["files"], by=request.user
            )
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(
                request,
                _("%(n)s file(s) added to “%(kind)s”.") % {"n": len(documents), "kind": kind.name},
            )
        return HttpResponseRedirect(f"{url}#kind-{kind.pk}")


class DocumentDeleteView(RolesMixin, View):
    roles = ASSEMBLERS
    http_method_names = ["post"]

    def post(self, request, pk):
        document = get_object_or_404(access.visible(request.user, DossierDocument), pk=pk)
        if not access.can_change(request.user, document):
            raise PermissionDenied
        try:
            services.delete_document(document, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": document.original_name})
        return redirect(document.dossier)


INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


@method_decorator(xframe_options_sameorigin, name="dispatch")  # previews embed it in <iframe>
class DocumentFileView(RolesMixin, View):
    """Serve a document to the chain only: streamed, under its sanitised original name."""

    roles = DOSSIER_READERS

    def get(self, request, pk):
        document = get_object_or_404(
            access.visible(request.user, DossierDocument).select_related("dossier"), pk=pk
        )
        inline = request.GET.get("inline") == "1" and document.content_type in INLINE_TYPES
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404(_("The file is missing from storage.")) from None
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["Content-Length"] = str(document.size)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=0, no-store"
        return response


class OnsiteCheckView(RolesMixin, View):
    roles = ASSEMBLERS
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = changeable_dossier(request.user, pk)
        form = OnsiteCheckForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick the attestation and give the date of the on-site check."))
            return redirect(dossier)
        try:
            services.attest_onsite_check(
                dossier,
                by=request.user,
                checked_on=form.cleaned_data["checked_on"],
                note=form.cleaned_data["note"],
            )
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The on-site check is attested."))
        return redirect(dossier)


class DossierActionView(RolesMixin, View):
    """Submit, resubmit or accept (buttons). Returning has its own form."""

    roles = ASSEMBLERS
    http_method_names = ["post"]

    def post(self, request, pk, action):
        dossier = visible_dossier(request.user, pk)
        if action not in services.ACTIONS:
            raise Http404
        try:
            dossier = services.run_action(dossier, action, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(
                request, _("Done: the dossier is now “%(state)s”.") % {"state": dossier.status_label}
            )
        return redirect("dossiers:detail", pk=pk)


class DossierReturnView(RolesMixin, FormView):
    roles = ASSEMBLERS
    form_class = ReturnForm
    template_name = "dossiers/dossier_return.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.role_of(request.user) in self.roles:
            self.dossier = visible_dossier(request.user, kwargs["pk"])
            if not checks.is_evaluating_level(request.user, self.dossier.call):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.lines = checks.checklist(self.dossier)
        return {**super().get_form_kwargs(), "lines": self.lines}

    def get_context_data(self, **kwargs):
        return super().get_context_data(dossier=self.dossier, **kwargs)

    def form_valid(self, form):
        try:
            services.return_dossier(
                self.dossier,
                by=self.request.user,
                reasons=form.reasons(),
                general=form.cleaned_data["general"],
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier was returned to the district for completion."))
        return redirect(self.dossier)


class DossierZipView(RolesMixin, View):
    """The whole dossier as one ZIP, streamed (never held in memory)."""

    roles = DOSSIER_READERS

    def get(self, request, pk):
        dossier = visible_dossier(request.user, pk)
        documents = list(
            access.visible(request.user, DossierDocument).filter(dossier=dossier).select_related("kind")
        )
        members = list(zip_members(dossier, documents))
        response = StreamingHttpResponse(uploads.stream_zip(members), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            True, f"ho-so-{dossier.product.slug}-{dossier.year}.zip"
        )
        response["Cache-Control"] = "private, no-store"
        return response


def zip_members(dossier: Dossier, documents):
    """(archive name, source) pairs: a manifest, the commune assessment, then files by kind."""
    used: set[str] = set()
    listing = []
    for doc in sorted(documents, key=lambda d: (d.kind.order, d.uploaded_at, d.pk)):
        folder = f"{doc.kind.order:03d}-{doc.kind.code}"
        name = f"{folder}/{doc.original_name}"
        stem, dot, ext = doc.original_name.rpartition(".")
        n = 1
        while name.lower() in used:
            n += 1
            name = f"{folder}/{stem or ext} ({n}){dot}{ext if stem else ''}"
        used.add(name.lower())
        listing.append((name, doc))
    manifest = io.StringIO()
    product = dossier.product
    manifest.write(f"Hồ sơ sản phẩm: {product.name}\n")
    manifest.write(f"Chủ thể: {product.producer}\nXã: {product.commune}\nNăm: {dossier.year}\n")
    manifest.write(f"Đợt: {dossier.call}\nTrạng thái: {dossier.status_label}\n")
    if dossier.submitted_at:
        manifest.write(f"Nộp lúc: {timezone.localtime(dossier.submitted_at):%d/%m/%Y %H:%M}\n")
    manifest.write("\nTệp (SHA-256, kích thước byte, tên):\n")
    for name, doc in listing:
        manifest.write(f"{doc.sha256}  {doc.size:>12}  {name}\n")
    yield "manifest.txt", manifest.getvalue()
    items = _commune_assessments(dossier)
    if items:
        yield "commune-report.txt", commune_report_text(items)
    for name, doc in listing:
        yield name, (lambda doc=doc: doc.file.storage.open(doc.file.name, "rb"))


def commune_report_text(items) -> str:
    out = io.StringIO()
    for item in items:
        report = item.report
        out.write(f"Biên bản đánh giá của UBND {report.commune}\n")
        if report.meeting_date:
            out.write(f"Ngày họp: {report.meeting_date:%d/%m/%Y}\n")
        out.write(f"Chủ trì: {report.chair_name} ({report.chair_title})\n")
        out.write("Thành phần: " + "; ".join(report.participant_list) + "\n")
        for a in item.assessments.all():
            out.write(f"- {a.criterion.name}: {a.option.label}")
            out.write(f" — {a.comment}\n" if a.comment else "\n")
        if report.conclusion:
            out.write(f"Kết luận: {report.conclusion}\n")
        out.write("(Các phương án trả lời là mẫu, chưa phải văn bản chính thức.)\n\n")
    return out.getvalue()


# --- Calls, batches and quotas ----------------------------------------------------------------------


def quota_districts(user, call: DossierCall):
    """Districts whose quota rows the user sees for ``call``."""
    role = access.role_of(user)
    districts = AdministrativeUnit.objects.districts().within(call.issuing_unit).order_by("name")
    if role in (Role.DISTRICT, Role.COMMUNE):
        district = user.unit.ancestor_at("district") if user.unit_id else None
        return districts.filter(pk=district.pk) if district else districts.none()
    return districts


class CallListView(RolesMixin, ListView):
    roles = CALL_READERS
    template_name = "dossiers/call_list.html"
    context_object_name = "calls"

    def get_queryset(self):
        return checks.calls_for(self.request.user).prefetch_related("batches").order_by("-year", "level")


class CallDetailView(RolesMixin, DetailView):
    """Batches of a call and, per district, registered products vs. submitted by each deadline."""

    roles = CALL_READERS
    template_name = "dossiers/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_object_or_404(checks.calls_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        call = self.object
        ctx["batches"] = list(call.batches.all())
        ctx["rows"] = checks.district_quotas(call, quota_districts(self.request.user, call))
        ctx["today"] = timezone.localdate()
        return ctx


# --- Commune reports --------------------------------------------------------------------------------


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
            ctx["waiting"] = (
                Dossier.objects.filter(product__commune=user.unit, call__regulation__has_commune_step=True)
                .exclude(commune_items__report__status=wf.REPORT_SUBMITTED)
                .select_related("product", "call")
                .order_by("product__name")
            )
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
            )
            if "submit" in self.request.POST:
                services.submit_commune_report(self.report, by=self.request.user)
                messages.success(self.request, _("The report is submitted and now part of the dossiers."))
                return redirect(self.report)
        except TransitionRefused as exc:
            messages.error(self.request, exc.message)
            return redirect("dossiers:commune_report_edit", pk=self.report.pk)
        messages.success(self.request, _("The draft was saved."))
        return redirect("dossiers:commune_report_edit", pk=self.report.pk)


class CommuneReportSubmitView(RolesMixin, View):
    roles = (Role.COMMUNE, Role.ADMIN)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = visible_report(request.user, pk)
        if not access.can_change(request.user, report):
            raise PermissionDenied
        try:
            services.submit_commune_report(report, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The report is submitted and now part of the dossiers."))
        return redirect(report)


# --- Dashboard cards ----------------------------------------------------------------------------------


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse

    role = access.role_of(user)
    cards = []
    if role in (Role.DISTRICT, Role.PROVINCE, Role.ADMIN):
        dossiers = access.visible(user, Dossier).filter(year=timezone.localdate().year)
        drafts = dossiers.filter(status__in=wf.EDITABLE).count()
        cards.append(
            {
                "title": _("Dossiers to complete"),
                "value": drafts,
                "text": _("Draft or returned dossiers this year"),
                "url": reverse("dossiers:list") + "?status=draft",
                "icon": "folder2-open",
                "order": 40,
            }
        )
        if role != Role.DISTRICT:
            waiting = dossiers.filter(status__in=(wf.SUBMITTED, wf.RESUBMITTED)).count()
            cards.append(
                {
                    "title": _("Dossiers to review"),
                    "value": waiting,
                    "text": _("Submitted and waiting for acceptance"),
                    "url": reverse("dossiers:list") + "?status=submitted",
                    "icon": "inboxes",
                    "order": 41,
                }
            )
    if role == Role.DISTRICT and user.unit_id:
        today = timezone.localdate()
        batches = (
            SubmissionBatch.objects.filter(call__in=checks.calls_for(user), deadline__gte=today)
            .select_related("call")
            .order_by("deadline")
        )
        batch = batches.first()
        if batch:
            row = checks.district_quotas(batch.call, [user.unit])[0]
            progress = dict((b.pk, p) for b, p in row.batches)[batch.pk]
            cards.append(
                {
                    "title": _("Next batch: %(d)s") % {"d": batch.deadline.strftime("%d/%m/%Y")},
                    "value": f"{progress.submitted}/{progress.needed}",
                    "text": _("Dossiers submitted / needed by the deadline"),
                    "url": batch.call.get_absolute_url(),
                    "icon": "calendar-check",
                    "order": 42,
                }
            )
    if role == Role.COMMUNE and user.unit_id:
        waiting = (
            Dossier.objects.filter(product__commune=user.unit, call__regulation__has_commune_step=True)
            .exclude(commune_items__report__status=wf.REPORT_SUBMITTED)
            .count()
        )
        cards.append(
            {
                "title": _("Products awaiting the commune report"),
                "value": waiting,
                "text": _("Assess the four local criteria"),
                "url": reverse("dossiers:commune_reports"),
                "icon": "clipboard-check",
                "order": 40,
            }
        )
    if role == Role.COUNCIL:
        cards.append(
            {
                "title": _("Dossiers to read"),
                "value": access.visible(user, Dossier).count(),
                "text": _("Submitted evidence dossiers"),
                "url": reverse("dossiers:list"),
                "icon": "folder2-open",
                "order": 40,
            }
        )
    return cards
