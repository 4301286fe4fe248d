"""The import job pages: progress (polled with htmx) and result, and the full list of errors as a
spreadsheet. A job is seen only by the user who started it (404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from producers.exports import xlsx_response

from ..importers import jobs
from ..importers.report import ERRORS_SHOWN
from ..models import ImportJob


def own_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, user=request.user)


class ImportJobView(LoginRequiredMixin, View):
    """The job page; with htmx only the progress fragment (polled every second until it ends)."""

    def get(self, request, pk):
        job = own_job(request, pk)
        context = {
            "job": job,
            "percent": jobs.percent(job),
            "errors_shown": job.errors[:ERRORS_SHOWN],
            "warnings_shown": job.warnings[:ERRORS_SHOWN],
        }
        template = "products/import_job_progress.html" if request.htmx else "products/import_job.html"
        return render(request, template, context)


class ImportJobErrorsView(LoginRequiredMixin, View):
    """Every error of a rejected file, as a spreadsheet (through the portal's one XLSX writer)."""

    def get(self, request, pk):
        job = own_job(request, pk)
        headers = [_("Row"), _("Column"), _("Value"), _("Problem")]
        rows = ([row or "", column, value, message] for row, column, value, message in job.errors)
        return xlsx_response(headers, rows, f"loi-nhap-san-pham-{job.pk}", sheet_title="Lỗi")
