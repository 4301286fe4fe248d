"""Uploads, files, on-site attestation, workflow actions, return with reasons, the dossier ZIP."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView

from accounts import access
from ocop_portal import confirm
from ocop_portal.workflow import TransitionRefused

from .. import checks, receiving, services, uploads
from ..forms import (
    OnsiteCheckForm,
    ReturnForm,
    UploadForm,
)
from ..models import (
    DocumentKind,
    Dossier,
    DossierDocument,
)
from .base import (
    ASSEMBLERS,
    DOSSIER_READERS,
    RolesMixin,
    _refused,
    changeable_dossier,
    visible_dossier,
)
from .dossiers import _commune_assessments


@method_decorator(csrf_exempt, name="dispatch")  # CSRF is checked in post(), after the upload handler is set
class DocumentUploadView(RolesMixin, View):
    """Receive files for one kind. Oversized files are stopped while they stream in; the rest is
    inspected in chunks by the service. All files are stored or none."""

    roles = ASSEMBLERS
    http_method_names = ["post"]

    # Hooks for the producer's upload (views/producer.py): who may load the dossier, where to go back,
    # which service stores the files.
    def load_dossier(self, request, pk) -> Dossier:
        return changeable_dossier(request.user, pk)  # 404/403 before the body is read

    def back_url(self, dossier: Dossier) -> str:
        return dossier.get_absolute_url()

    def store(self, dossier, *, kind, files, by):
        return services.add_documents(dossier, kind=kind, files=files, by=by)

    def post(self, request, pk):
        dossier = self.load_dossier(request, pk)
        url = self.back_url(dossier)
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
        request.upload_handlers = [limiter, receiving.HashingUploadHandler(request)]
        return csrf_protect(self._receive)(request, dossier, limiter)

    def _receive(self, request, dossier, limiter):
        form = UploadForm(request.POST, request.FILES)
        url = self.back_url(dossier)
        if limiter.refused:
            messages.error(
                request,
                _("“%(name)s” is over the %(limit)s limit per file; nothing was uploaded.")
                % {"name": limiter.refused, "limit": uploads.human_size(limiter.limit)},
            )
            return HttpResponseRedirect(url)
        if not form.is_valid():
            refused = form.errors.get("files")  # the upload policy's messages, one per file
            messages.error(
                request, " ".join(refused) if refused else _("Choose a document kind and at least one file.")
            )
            return HttpResponseRedirect(url)
        kind = DocumentKind.objects.filter(pk=form.cleaned_data["kind"]).first()
        if kind is None:
            messages.error(request, _("Unknown document kind."))
            return HttpResponseRedirect(url)
        try:
            documents = self.store(dossier, kind=kind, files=form.cleaned_data["files"], by=request.user)
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
        if action in CONFIRMED_ACTIONS and not confirm.is_confirmed(request):
            return submit_confirmation(request, dossier)
        try:
            dossier = services.run_action(dossier, action, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, action_confirmation(dossier, action))
        return redirect("dossiers:detail", pk=pk)


CONFIRMED_ACTIONS = ("submit", "resubmit")  # sending to the evaluating level: asked first


def submit_confirmation(request, dossier: Dossier):
    return confirm.confirm_page(
        request,
        title=_("Submit the dossier?"),
        subject=f"{dossier.product.name} ({dossier.year})",
        consequences=[
            _("The dossier is sent to %(unit)s for evaluation.") % {"unit": dossier.call.issuing_unit},
            _("It can no longer be changed (no upload, no removal) unless the evaluating level returns it."),
            _("The submission date decides its batch; after the batch deadline it is marked late."),
        ],
        back_url=dossier.get_absolute_url(),
        button=_("Confirm: submit the dossier"),
    )


def action_confirmation(dossier: Dossier, action: str) -> str:
    """What the user reads after a button press: for a submission, to whom, when and in which batch."""
    if action in ("submit", "resubmit") and dossier.submitted_at:
        message = _(
            "The dossier was sent to %(unit)s for evaluation on %(when)s, %(batch)s. "
            "It is now “%(state)s” and can no longer be changed unless it is returned."
        ) % {
            "unit": dossier.call.issuing_unit,
            "when": timezone.localtime(timezone.now()).strftime("%d/%m/%Y %H:%M"),
            "batch": dossier.batch or _("no batch"),
            "state": dossier.status_label,
        }
        if dossier.is_late:
            message += " " + _("It was submitted after the deadline and is marked late.")
        return message
    return _("Done: the dossier is now “%(state)s”.") % {"state": dossier.status_label}


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
        messages.success(self.request, _("The dossier was returned to the local officer for completion."))
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
