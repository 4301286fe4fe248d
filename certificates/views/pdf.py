"""PDF downloads: certificate, decision, and the batch ZIP of a decision's certificates."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from accounts import access
from evaluation.models import RecognitionDecision

from .. import pdf, tasks
from ..models import Certificate, PdfJob


class CertificatePdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        # a certificate issued on paper is recorded, not reprinted: the portal never prints a copy of it
        cert = get_object_or_404(access.visible(request.user, Certificate), pk=pk, recorded_from_paper=False)
        response = HttpResponse(pdf.certificate_pdf(cert), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf.certificate_filename(cert)}"'
        return response


class DecisionPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        decision = get_object_or_404(access.visible(request.user, RecognitionDecision), pk=pk)
        response = HttpResponse(pdf.decision_pdf(decision), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="quyet-dinh-{decision.pk}.pdf"'
        return response


class BatchStartView(LoginRequiredMixin, View):
    def post(self, request, pk):
        decision = get_object_or_404(access.visible(request.user, RecognitionDecision), pk=pk)
        if access.role_of(request.user) not in ("province", "district", "admin"):
            raise Http404
        job = tasks.start_certificate_batch(decision, by=request.user)
        return redirect("certificates:pdf_job", pk=job.pk)


class JobView(LoginRequiredMixin, View):
    """The job page; with htmx it returns just the progress fragment (polled every second)."""

    def get(self, request, pk):
        job = get_object_or_404(PdfJob.objects.select_related("decision"), pk=pk)
        if not access.visible(request.user, RecognitionDecision).filter(pk=job.decision_id).exists():
            raise Http404
        template = "certificates/pdf_job_progress.html" if request.htmx else "certificates/pdf_job.html"
        return render(request, template, {"job": job})


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(PdfJob, pk=pk, status=PdfJob.Status.DONE)
        if not access.visible(request.user, RecognitionDecision).filter(pk=job.decision_id).exists():
            raise Http404
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
        )
